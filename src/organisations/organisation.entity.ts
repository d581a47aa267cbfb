import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ORGANISATION_KINDS = ['COUNTY', 'DISTRICT', 'UNITARY', 'POLICE', 'COMMISSIONER', 'FIRE', 'NHS', 'VOLUNTARY', 'OTHER'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

@Entity('organisation')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text' })
  kind!: OrganisationKind;

  /** Whether its consultations appear on the public forward look unless each says otherwise. */
  @Column({ name: 'public_by_default', type: 'boolean', default: true })
  publicByDefault!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
