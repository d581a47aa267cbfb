import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const MEMBER_ROLES = ['VIEWER', 'OFFICER', 'COORDINATOR'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

@Entity('member')
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'text' })
  role!: MemberRole;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'digest_enabled', type: 'boolean', default: true })
  digestEnabled!: boolean;

  @Column({ name: 'digest_area_ids', type: 'uuid', array: true, default: () => "'{}'" })
  digestAreaIds!: string[];

  @Column({ name: 'digest_audience_ids', type: 'uuid', array: true, default: () => "'{}'" })
  digestAudienceIds!: string[];

  /** With nothing to report: a short all-clear (true) or no email that week (false). */
  @Column({ name: 'digest_all_clear', type: 'boolean', default: true })
  digestAllClear!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
