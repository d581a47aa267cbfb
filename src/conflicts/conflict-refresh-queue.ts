import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { ConsultationEntity } from '../consultations/consultation.entity';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, DATABASE_URL } from '../config/app-config.token';
import { ConflictStore } from './conflict-store';

const CHANNEL = 'conflict_refresh';
// A failed refresh waits this long, doubled each time up to the most, and is tried again: never dropped.
const RETRY_FIRST_MS = 1_000;
const RETRY_MOST_MS = 300_000;
const RECONNECT_MS = 5_000;

interface Job {
  ids: string[];
  consultationId: string;
  affected: string[];
  lineage: string[];
}

/**
 * The neighbours' re-evaluation off the request path. A registration, edit or cancellation keeps
 * its own conflicts in its request (ConflictStore.recomputeOwn) and enqueues here, in the same
 * transaction, the other consultations whose FATIGUE it may have changed: committed together or
 * not at all. A worker (every instance, unless CONFLICT_REFRESH_WORKER is false) is woken by
 * NOTIFY at the commit, and at its start for what a stopped service left; it claims a job with
 * SKIP LOCKED (with the consultation's other jobs waiting), takes the territories' locks a
 * registration takes, works their FATIGUE out from the register as it then stands and deletes
 * the job in the same transaction. So a job is done once or, if the worker dies, again from the
 * start; order between jobs does not matter, as each reads the register under the locks after
 * every write before it.
 */
@Injectable()
export class ConflictRefreshQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConflictRefreshQueue.name);
  private listener: Client | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly store: ConflictStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.conflictRefreshWorker) return;
    await this.listen();
    this.kick(); // what a stopped service left
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** Inside a write's transaction: its neighbours' FATIGUE to bring up to date once it commits. */
  async enqueue(manager: EntityManager, consultation: ConsultationEntity, affected: readonly string[]): Promise<void> {
    if (affected.length === 0) return;
    await manager.query(`INSERT INTO conflict_refresh (consultation_id, affected_ids, area_lineage_ids) VALUES ($1, $2, $3)`, [consultation.id, affected, consultation.areaLineageIds]);
    await manager.query(`SELECT pg_notify($1, '')`, [CHANNEL]);
  }

  /** Of these consultations, those whose FATIGUE is still to be brought up to date. */
  async awaiting(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT DISTINCT a.id FROM conflict_refresh r CROSS JOIN unnest(r.affected_ids) AS a(id) WHERE r.affected_ids && $1::uuid[] AND a.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * For the launch gate, holding the consultation's row: its FATIGUE brought up to date here if a
   * job still owes it (the job, run after, keeps the same).
   */
  async bringUpToDate(manager: EntityManager, consultation: ConsultationEntity): Promise<void> {
    if (!(await this.awaiting([consultation.id], manager)).size) return;
    await this.store.holdTerritories(manager, consultation.areaLineageIds);
    await this.store.refreshNeighbours(manager, consultation, [consultation.id]);
  }

  /**
   * Every job queued now done, here, whether or not this instance runs a worker: for tests, the
   * benchmarks and the CLI. Jobs waiting to be tried again after a failure are tried now.
   */
  async settled(): Promise<void> {
    for (let tried = false; ; tried = true) {
      await this.running;
      const [{ waiting, error }] = await this.dataSource.query(`SELECT count(*)::int AS waiting, max(last_error) AS error FROM conflict_refresh`);
      if (!waiting) return;
      if (tried && error) throw new Error(`A neighbours' refresh keeps failing: ${error}`);
      await this.dataSource.query(`UPDATE conflict_refresh SET not_before = now() WHERE not_before > now()`);
      this.kick(true);
    }
  }

  /** Runs jobs until none is ready; a call while they run makes them look again at the end. */
  private kick(always = false): void {
    if (this.stopping && !always) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopping && (await this.runNext()));
      if (!this.stopping) await this.wakeForRetries();
    } catch (error) {
      this.logger.error(`Bringing neighbours' conflicts up to date failed: ${(error as Error).message}; trying again in ${RECONNECT_MS / 1000} s`);
      this.wakeIn(RECONNECT_MS);
    }
  }

  /** One consultation's waiting jobs done in one transaction; false when none is ready. */
  private async runNext(): Promise<boolean> {
    const job = await this.dataSource.transaction(async (manager) => {
      const claimed = await this.claim(manager);
      if (!claimed) return null;
      try {
        await manager.transaction(async (work) => this.run(work, claimed)); // a savepoint: a failure is recorded below, not rolled back with it
        await manager.query(`DELETE FROM conflict_refresh WHERE id = ANY($1::bigint[])`, [claimed.ids]);
      } catch (error) {
        await this.failed(manager, claimed, error as Error);
      }
      return claimed;
    });
    return job !== null;
  }

  // The oldest ready job, and its consultation's others not taken by another worker.
  private async claim(manager: EntityManager): Promise<Job | null> {
    const [first]: { consultation_id: string }[] = await manager.query(
      `SELECT consultation_id FROM conflict_refresh WHERE not_before <= now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    if (!first) return null;
    const rows: { id: string; affected_ids: string[]; area_lineage_ids: string[] }[] = await manager.query(
      `SELECT id, affected_ids, area_lineage_ids FROM conflict_refresh WHERE consultation_id = $1 AND not_before <= now() ORDER BY id FOR UPDATE SKIP LOCKED`,
      [first.consultation_id],
    );
    const union = (lists: string[][]) => [...new Set(lists.flat())];
    return { ids: rows.map((r) => r.id), consultationId: first.consultation_id, affected: union(rows.map((r) => r.affected_ids)), lineage: union(rows.map((r) => r.area_lineage_ids)) };
  }

  // The territories of the consultation (where it was when queued) and of its neighbours, locked at once, then the register read under them.
  private async run(manager: EntityManager, job: Job): Promise<void> {
    const rows: { id: string }[] = await manager.query(`SELECT DISTINCT unnest(area_lineage_ids) AS id FROM consultation WHERE id = ANY($1::uuid[])`, [job.affected]);
    await this.store.holdTerritories(manager, [...new Set([...job.lineage, ...rows.map((r) => r.id)])]);
    const around = await manager.findOneBy(ConsultationEntity, { id: job.consultationId });
    await this.store.refreshNeighbours(manager, around, job.affected);
  }

  private async failed(manager: EntityManager, job: Job, error: Error): Promise<void> {
    const [{ attempts }]: { attempts: number }[] = await manager.query(
      `UPDATE conflict_refresh SET attempts = attempts + 1, last_error = $2,
              not_before = now() + make_interval(secs => least($3::float8, $4::float8 * 2 ^ attempts) / 1000)
        WHERE id = ANY($1::bigint[]) RETURNING attempts`,
      [job.ids, error.message, RETRY_MOST_MS, RETRY_FIRST_MS],
    );
    this.logger.error(`Bringing the FATIGUE of ${job.affected.length} neighbours of consultation ${job.consultationId} up to date failed (attempt ${attempts}): ${error.message}; it will be tried again`);
  }

  private async wakeForRetries(): Promise<void> {
    const [{ wait }]: { wait: number | null }[] = await this.dataSource.query(`SELECT ceil(extract(epoch FROM min(not_before) - now()) * 1000)::int AS wait FROM conflict_refresh`);
    if (wait !== null) this.wakeIn(Math.max(wait, 0));
  }

  private wakeIn(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), ms);
    this.timer.unref();
  }

  private async listen(): Promise<void> {
    const listener = new Client({ connectionString: this.databaseUrl });
    listener.on('notification', () => this.kick());
    listener.on('error', (error) => {
      this.logger.warn(`The conflict refresh listener lost its connection (${error.message}); listening again in ${RECONNECT_MS / 1000} s`);
      void listener.end().catch(() => undefined);
      if (!this.stopping) setTimeout(() => void this.listen().then(() => this.kick(), () => undefined), RECONNECT_MS).unref();
    });
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    this.listener = listener;
  }
}
