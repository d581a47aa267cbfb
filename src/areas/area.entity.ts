import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AREA_LEVELS = ['COUNTRY', 'REGION', 'COUNTY', 'DISTRICT', 'UNITARY', 'DIVISION', 'WARD', 'PARISH', 'NEIGHBOURHOOD', 'LOCALITY', 'COMPOSITE', 'OTHER'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

@Entity('area')
export class AreaEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text' })
  level!: AreaLevel;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ name: 'is_composite', type: 'boolean', default: false })
  isComposite!: boolean;

  // The area itself followed by its ancestors, nearest first.
  @Column({ name: 'lineage_ids', type: 'uuid', array: true })
  lineageIds!: string[];

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
