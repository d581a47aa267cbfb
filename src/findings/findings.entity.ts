import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** What a closed consultation found, and its published "we asked, you said, we did" statement. */
@Entity('consultation_findings')
export class FindingsEntity {
  @PrimaryColumn({ name: 'consultation_id', type: 'uuid' })
  consultationId!: string;

  @Column({ name: 'response_count', type: 'integer' })
  responseCount!: number;

  @Column({ type: 'varchar', length: 5000 })
  summary!: string;

  @Column({ name: 'report_url', type: 'varchar', length: 2000, nullable: true })
  reportUrl!: string | null;

  @Column({ name: 'data_url', type: 'varchar', length: 2000, nullable: true })
  dataUrl!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  decision!: string | null;

  @Column({ name: 'decision_date', type: 'date', nullable: true })
  decisionDate!: string | null;

  @Column({ type: 'varchar', length: 5000, nullable: true })
  statement!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}

/** What the audit log keeps of findings. */
export function findingsSnapshot(f: FindingsEntity): Record<string, unknown> {
  return {
    responseCount: f.responseCount,
    summary: f.summary,
    reportUrl: f.reportUrl,
    dataUrl: f.dataUrl,
    decision: f.decision,
    decisionDate: f.decisionDate,
    statement: f.statement,
    publishedAt: f.publishedAt,
    version: f.version,
  };
}
