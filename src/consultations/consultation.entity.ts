import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';

export const CONSULTATION_STATUSES = ['DRAFT', 'PLANNED', 'LIVE', 'CLOSED', 'REPORTED', 'CANCELLED'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
/**
 * Registered: shared with the network, with conflicts kept (drafts are private, cancelled ones gone).
 * REPORTED is a closed consultation whose response is published: it asked people just the same.
 */
export const REGISTERED_STATUSES: readonly ConsultationStatus[] = ['PLANNED', 'LIVE', 'CLOSED', 'REPORTED'];
/** Over: their findings can be recorded, and they count for reuse. */
export const FINISHED_STATUSES: readonly ConsultationStatus[] = ['CLOSED', 'REPORTED'];

export const CHANNELS = [
  'ONLINE_SURVEY', 'POSTAL_SURVEY', 'TELEPHONE', 'FOCUS_GROUP', 'PUBLIC_MEETING',
  'DROP_IN', 'STREET_OUTREACH', 'PANEL_SURVEY', 'SCHOOLS', 'SOCIAL_MEDIA',
] as const;
export type Channel = (typeof CHANNELS)[number];

@Entity('consultation')
export class ConsultationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'lead_officer_id', type: 'uuid', nullable: true })
  leadOfficerId!: string | null;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  summary!: string;

  /** Title and summary as the topic rule reads them, place names left out (see src/conflicts/place-names.ts). */
  @Column({ name: 'topic_title', type: 'text', nullable: true })
  topicTitle!: string | null;

  @Column({ name: 'topic_summary', type: 'text', nullable: true })
  topicSummary!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  channels!: Channel[];

  @Column({ name: 'expected_respondents', type: 'integer', nullable: true })
  expectedRespondents!: number | null;

  @Column({ type: 'boolean', default: false })
  statutory!: boolean;

  /** Shown on the public forward look (once PLANNED); set from the organisation's default when registered without saying. */
  @Column({ type: 'boolean', default: true })
  public!: boolean;

  /** When the decision it informs is due, if known: the good-practice checks want time to weigh the responses. */
  @Column({ name: 'decision_date', type: 'date', nullable: true })
  decisionDate!: string | null;

  /** Why a statutory consultation runs shorter than the usual minimum, when it does. */
  @Column({ name: 'short_period_reason', type: 'varchar', length: 1000, nullable: true })
  shortPeriodReason!: string | null;

  /** Protected by a coordinator (protectConsultation): its dates widened by these days are kept clear of others reaching its people. */
  @Column({ name: 'protected_days_before', type: 'integer', nullable: true })
  protectedDaysBefore!: number | null;

  @Column({ name: 'protected_days_after', type: 'integer', nullable: true })
  protectedDaysAfter!: number | null;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate!: string;

  @Column({ type: 'text' })
  status!: ConsultationStatus;

  @Column({ name: 'area_ids', type: 'uuid', array: true })
  areaIds!: string[];

  @Column({ name: 'audience_ids', type: 'uuid', array: true })
  audienceIds!: string[];

  // Derived from areaIds/audienceIds by the service; see the migration for their meaning.
  @Column({ name: 'area_block_ids', type: 'uuid', array: true })
  areaBlockIds!: string[];

  @Column({ name: 'area_lineage_ids', type: 'uuid', array: true })
  areaLineageIds!: string[];

  @Column({ name: 'audience_lineage_ids', type: 'uuid', array: true })
  audienceLineageIds!: string[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;

  /** Joined in by list queries that need it, so a page costs no extra query for organisations. */
  organisation?: OrganisationEntity;
}
