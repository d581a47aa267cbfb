import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AudiencesService } from '../audiences/audiences.service';
import { ConsultationEntity, REGISTERED_STATUSES } from '../consultations/consultation.entity';
import { ClashRules } from './clash-rules';
import { ConflictStore } from './conflict-store';
import { CLASH_RULES } from './conflicts.tokens';
import { topicWording } from './place-names';

// Bumped when the rules themselves change in a way that changes verdicts (their settings are in
// the fingerprint already): the next start then judges every kept conflict again.
const RULES_VERSION = '2026-12 severity by burden';
// One instance re-evaluates; the others see the lock held and leave it.
const LOCK_KEY = 'conflicts:reevaluation';

export interface Reevaluated {
  consultations: number;
  seconds: number;
}

/**
 * Judges kept conflicts again: all of them when the rules or their settings differ from those the
 * conflicts were judged by (at the service's start, in the background; `npm run cli -- conflicts:reevaluate`),
 * and those of the consultations asking an audience whose reach a coordinator changed. Each
 * consultation is judged in a transaction of its own, as a change to it would be; an
 * acknowledgement survives where its conflict's substance is unchanged.
 */
@Injectable()
export class ConflictReevaluation implements OnApplicationShutdown {
  private readonly logger = new Logger(ConflictReevaluation.name);
  private readonly fingerprint: string;
  private running?: Promise<unknown>;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLASH_RULES) rules: ClashRules,
    private readonly store: ConflictStore,
    private readonly areas: AreasService,
    audiences: AudiencesService,
  ) {
    this.fingerprint = createHash('sha256').update(JSON.stringify({ RULES_VERSION, rules })).digest('hex');
    audiences.onReachChange((audienceId) => this.inBackground(`consultations asking an audience whose reach changed`, () => this.asking(audienceId)));
  }

  /** At the service's start: every kept conflict judged again in the background if the rules changed since. */
  startIfRulesChanged(): void {
    this.inBackground('every kept conflict, under rules changed since they were judged', () => this.ifRulesChanged());
  }

  /** Waits for what runs in the background. */
  async settled(): Promise<void> {
    await this.running;
  }

  // What is not judged by then is judged at the next start: the fingerprint is written only at the end.
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Every registered consultation judged again, if the rules changed since the last time; null when they had not (or another instance is at it). */
  async ifRulesChanged(): Promise<Reevaluated | null> {
    const [applied] = await this.dataSource.query(`SELECT fingerprint FROM clash_rules_applied`);
    if (applied?.fingerprint === this.fingerprint) return null;
    return this.all();
  }

  /** Every registered consultation judged again, whatever the rules were; null when another instance is at it. */
  all(): Promise<Reevaluated | null> {
    return this.exclusively(async () => {
      await this.rewordAll();
      const done = await this.judge(`status = ANY($1)`, [REGISTERED_STATUSES]);
      await this.dataSource.query(
        `INSERT INTO clash_rules_applied (fingerprint) VALUES ($1) ON CONFLICT (one) DO UPDATE SET fingerprint = $1, applied_at = now()`,
        [this.fingerprint],
      );
      return done;
    });
  }

  /**
   * Every consultation's wording for the topic rule made afresh (rows from before it was kept, or
   * from before an area was named), all of them before any is judged, so that each pair is
   * compared alike whichever side is judged.
   */
  private async rewordAll(): Promise<void> {
    const placeWords = await this.areas.placeWords();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string; title: string; summary: string; topic_title: string | null; topic_summary: string | null }[] = await this.dataSource.query(
        `SELECT id, title, summary, topic_title, topic_summary FROM consultation WHERE id > $1 ORDER BY id LIMIT 1000`,
        [after],
      );
      if (!rows.length) return;
      const changed = rows
        .map((row) => ({ id: row.id, was: row, ...topicWording(row, placeWords) }))
        .filter(({ was, topicTitle, topicSummary }) => was.topic_title !== topicTitle || was.topic_summary !== topicSummary);
      if (changed.length) {
        await this.dataSource.query(
          `UPDATE consultation c SET topic_title = w.title, topic_summary = w.summary
             FROM unnest($1::uuid[], $2::text[], $3::text[]) AS w(id, title, summary) WHERE c.id = w.id`,
          [changed.map((c) => c.id), changed.map((c) => c.topicTitle), changed.map((c) => c.topicSummary)],
        );
      }
      after = rows[rows.length - 1].id;
    }
  }

  private asking(audienceId: string): Promise<Reevaluated | null> {
    return this.exclusively(() => this.judge(`status = ANY($1) AND audience_lineage_ids @> ARRAY[$2::uuid]`, [REGISTERED_STATUSES, audienceId]));
  }

  // The latest first: those still to run matter most to officers while the rest are judged.
  private async judge(where: string, params: unknown[]): Promise<Reevaluated> {
    const started = Date.now();
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM consultation WHERE ${where} ORDER BY end_date DESC, id`, params);
    for (const [i, { id }] of rows.entries()) {
      if (this.stopping) throw new Error(`stopped after ${i} of ${rows.length} consultations; the rest are judged at the next start`);
      await this.dataSource.transaction(async (manager) => {
        const consultation = await manager.findOneBy(ConsultationEntity, { id });
        if (consultation) await this.store.recompute(manager, consultation);
      });
      if ((i + 1) % 500 === 0) this.logger.log(`Re-evaluated the conflicts of ${i + 1} of ${rows.length} consultations`);
    }
    return { consultations: rows.length, seconds: Math.round((Date.now() - started) / 100) / 10 };
  }

  private async exclusively<T>(work: () => Promise<T>): Promise<T | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [LOCK_KEY]);
      if (!locked) return null;
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  private inBackground(what: string, work: () => Promise<Reevaluated | null>): void {
    const previous = this.running ?? Promise.resolve();
    this.running = previous.then(work).then(
      (done) => done?.consultations && this.logger.log(`Re-evaluated ${what}: ${done.consultations} consultations in ${done.seconds} s`),
      (error: unknown) => this.logger.error(`Re-evaluating ${what} failed: ${(error as Error).message}`),
    );
  }
}
