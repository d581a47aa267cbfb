import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export const JOIN_REQUEST_STATUSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'LEFT', 'REMOVED'] as const;
/** How a request ends after it was made: withdrawn while pending, or a partnership left or ended by the owner. */
export const JOIN_REQUEST_ENDINGS = ['WITHDRAWN', 'LEFT', 'REMOVED'] as const;
export type JoinRequestEnding = (typeof JOIN_REQUEST_ENDINGS)[number];
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

/** An organisation's request to join another's consultation; accepted, it makes that organisation a partner. */
@Entity('join_request')
export class JoinRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The consultation asked to join. */
  @Column({ name: 'consultation_id', type: 'uuid' })
  consultationId!: string;

  /** The organisation asking. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  /** The asking organisation's own plan for the same people, if it named one. */
  @Column({ name: 'own_consultation_id', type: 'uuid', nullable: true })
  ownConsultationId!: string | null;

  /** On acceptance, cancel that plan ("joined <title>") rather than keep it as a linked part. */
  @Column({ name: 'cancel_own', type: 'boolean', default: false })
  cancelOwn!: boolean;

  @Column({ type: 'varchar', length: 2000 })
  note!: string;

  @Column({ type: 'text', default: 'PENDING' })
  status!: JoinRequestStatus;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'answer_note', type: 'varchar', length: 2000, nullable: true })
  answerNote!: string | null;

  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  /** The word of whoever withdrew the request, left, or ended the partner's part. */
  @Column({ name: 'end_note', type: 'varchar', length: 2000, nullable: true })
  endNote!: string | null;

  @Column({ name: 'ended_by', type: 'uuid', nullable: true })
  endedBy!: string | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @VersionColumn()
  version!: number;
}

/** What the audit log keeps of a join request. */
export function joinRequestSnapshot(r: JoinRequestEntity): Record<string, unknown> {
  return {
    consultationId: r.consultationId,
    organisationId: r.organisationId,
    ownConsultationId: r.ownConsultationId,
    cancelOwn: r.cancelOwn,
    note: r.note,
    status: r.status,
    answerNote: r.answerNote,
    endNote: r.endNote,
  };
}
