import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { IsoWeek, isoWeekOf, parseIsoWeek } from '../common/dates/iso-week';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG, DATABASE_URL } from '../config/app-config.token';
import { DigestDeliveries } from './digest-deliveries';
import { DigestSender } from './digest-sender';
import { weekDueAt } from './digest-schedule';
import { Mailer } from './mailer';

const PLAN_QUEUE = 'digest-plan';
const SEND_QUEUE = 'digest-send';
const INSERT_CHUNK = 500;
const SEND_WORKERS = 4;

interface PlanJob {
  week?: string;
}
interface SendJob {
  deliveryId: string;
}

/**
 * The weekly schedule, on pg-boss in the service's own PostgreSQL. A cron job plans the week
 * (one delivery row per member, unique) and queues one send job per row; workers send with
 * retries and back-off. Every instance runs this: pg-boss fires the cron once across them, and
 * the delivery rows make sure a member's digest goes at most once whoever sends it.
 */
@Injectable()
export class DigestQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DigestQueue.name);
  private boss: PgBoss | undefined;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DigestDeliveries,
    private readonly sender: DigestSender,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.digest.schedule) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // Lets running sends finish (up to 30 s) so that none is left half-recorded.
    if (!this.boss) return;
    this.stopping = true;
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    this.boss = undefined;
    this.logger.log('Digest queue stopped');
  }

  private async start(): Promise<void> {
    const { cron, timezone, retryLimit, retryDelaySeconds, sendConcurrency } = this.config.digest;
    const boss = new PgBoss({ connectionString: this.databaseUrl, schema: 'pgboss', max: 4, application_name: 'consultation-calendar-digest' });
    boss.on('error', (error) => {
      // The service stops its embedded database last: a connection pg-boss still held then is cut
      // ("terminating connection due to administrator command") by our own shutdown, not a fault.
      if (this.stopping && /administrator command/.test(error.message)) this.logger.debug(`pg-boss, stopping: ${error.message}`);
      else this.logger.error(`pg-boss: ${error.message}`);
    });
    await boss.start();
    const sendOptions = { retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true, expireInSeconds: 600 };
    // Instances starting together would deadlock creating the queues' partitions: one at a time.
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('consultation-calendar:digest-queues'))`);
      await boss.createQueue(PLAN_QUEUE, { name: PLAN_QUEUE, policy: 'singleton', retryLimit: 5, retryDelay: 60, retryBackoff: true });
      await boss.createQueue(SEND_QUEUE, { name: SEND_QUEUE, policy: 'stately', ...sendOptions });
      await boss.updateQueue(SEND_QUEUE, { name: SEND_QUEUE, policy: 'stately', ...sendOptions });
      await boss.schedule(PLAN_QUEUE, cron, {}, { tz: timezone });
    });
    await boss.work<PlanJob>(PLAN_QUEUE, async ([job]) => {
      await this.planAndQueue(job.data.week ? parseIsoWeek(job.data.week)! : isoWeekOf(this.clock.today()));
    });
    // A pg-boss worker takes at most one batch per polling interval, so several work side by side.
    for (let worker = 0; worker < SEND_WORKERS; worker++) {
      await boss.work<SendJob>(SEND_QUEUE, { batchSize: sendConcurrency, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        // Composed together (what members share is read once); each job still succeeds or fails on
        // its own: one member's failure never holds up the rest.
        const outcomes = await this.sender.deliverAll(jobs.map((job) => job.data.deliveryId));
        await Promise.all(jobs.map((job, i) => (outcomes[i] instanceof Error ? boss.fail(SEND_QUEUE, job.id, { message: outcomes[i].message }) : undefined)));
      });
    }
    this.boss = boss;
    this.logger.log(`Weekly digest scheduled "${cron}" (${timezone}); mail goes to ${this.mailer.describe()}`);
    await this.catchUp(this.clock.now());
  }

  /** A run missed while the service was down is made up when it comes back, within the same week. */
  async catchUp(now: Date): Promise<void> {
    const week = weekDueAt(this.config.digest.cron, this.config.digest.timezone, now);
    if (week) await this.boss!.send(PLAN_QUEUE, { week: week.id });
  }

  /** Plans a week and queues its unsent deliveries; safe to repeat. */
  async planAndQueue(week: IsoWeek): Promise<void> {
    for (const stale of await this.deliveries.markStaleSendsUncertain(this.config.digest.staleSendMinutes)) {
      this.logger.warn(`Digest ${stale.week} for ${stale.email}: ${stale.lastError}`);
    }
    // ISO week ids ("2027-W02") sort as the weeks do.
    const { startWeek } = this.config.digest;
    if (startWeek && week.id < startWeek) {
      this.logger.log(`Digest ${week.id}: not planned, as DIGEST_START_WEEK is ${startWeek}`);
      return;
    }
    const planned = await this.deliveries.plan(week);
    const ids = await this.deliveries.idsToSend(week);
    await this.enqueue(ids);
    this.logger.log(`Digest ${week.id}: ${planned} new deliveries planned, ${ids.length} queued`);
  }

  /** Queues sends; a delivery already waiting in the queue is not queued twice. */
  async enqueue(deliveryIds: string[]): Promise<void> {
    if (!this.boss) return;
    for (let i = 0; i < deliveryIds.length; i += INSERT_CHUNK) {
      await this.boss.insert(deliveryIds.slice(i, i + INSERT_CHUNK).map((id) => ({ name: SEND_QUEUE, data: { deliveryId: id }, singletonKey: id })));
    }
  }
}

