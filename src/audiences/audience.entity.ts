import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIENCE_KINDS = ['GROUP', 'PANEL'] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];

/** Whom an audience reaches: see the README's clash rules. */
export const AUDIENCE_REACHES = ['ALL_ASKED', 'GROUP', 'GENERAL'] as const;
export type AudienceReach = (typeof AUDIENCE_REACHES)[number];

@Entity('audience')
export class AudienceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text' })
  kind!: AudienceKind;

  @Column({ type: 'text' })
  reach!: AudienceReach;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  // The audience itself followed by its ancestors, nearest first.
  @Column({ name: 'lineage_ids', type: 'uuid', array: true })
  lineageIds!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
