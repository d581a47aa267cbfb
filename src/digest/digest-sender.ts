import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { parseIsoWeek } from '../common/dates/iso-week';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { DigestComposer, DigestRecipient } from './digest-composer';
import { DeliveryRow, DigestDeliveries } from './digest-deliveries';
import { DigestContent, isAllClear } from './digest.content';
import { renderDigest } from './digest.render';
import { Mailer } from './mailer';

export type DeliveryOutcome = 'SENT' | 'SKIPPED' | 'NOT_CLAIMED' | 'SENT_UNRECORDED';

const RECIPIENT_SQL = `
  SELECT m.id, m.name, m.email, m.active, m.digest_enabled AS "digestEnabled", m.digest_all_clear AS "digestAllClear",
         m.organisation_id AS "organisationId", o.name AS "organisationName", m.role,
         m.digest_area_ids AS "digestAreaIds", m.digest_audience_ids AS "digestAudienceIds"
    FROM member m JOIN organisation o ON o.id = m.organisation_id`;

type RecipientRow = DigestRecipient & { active: boolean; digestEnabled: boolean; digestAllClear: boolean };

/** Sends one delivery row's digest, at most once, recording what happened. */
@Injectable()
export class DigestSender {
  private readonly logger = new Logger(DigestSender.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: DigestDeliveries,
    private readonly composer: DigestComposer,
    private readonly mailer: Mailer,
  ) {}

  /** Everyone who gets a digest, or the one member given. */
  recipients(memberId?: string): Promise<RecipientRow[]> {
    return this.dataSource.query(`${RECIPIENT_SQL} WHERE m.active AND m.digest_enabled AND ($1::uuid IS NULL OR m.id = $1) ORDER BY m.email`, [memberId ?? null]);
  }

  recipient(where: { id: string } | { email: string }): Promise<RecipientRow | undefined> {
    const [column, value] = 'id' in where ? ['m.id', where.id] : ['lower(m.email)', where.email.toLowerCase()];
    return this.dataSource.query(`${RECIPIENT_SQL} WHERE ${column} = $1`, [value]).then((rows: RecipientRow[]) => rows[0]);
  }

  recipientsByIds(ids: string[]): Promise<RecipientRow[]> {
    return this.dataSource.query(`${RECIPIENT_SQL} WHERE m.id = ANY($1::uuid[])`, [ids]);
  }

  /** deliver() for one row: its outcome, or the error that failed it (recorded FAILED, for a retry). */
  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    const [outcome] = await this.deliverAll([deliveryId]);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  /**
   * Claims the rows (only one caller can take each), composes their digests together (what members
   * share is read once), hands each message to the server and records SENT only once the server has
   * accepted it. A failure records FAILED and comes back as that row's Error, so that the queue
   * retries it with back-off; a crash in between leaves SENDING, which is never resent blindly.
   * One outcome per id given, in the same order.
   */
  async deliverAll(deliveryIds: string[]): Promise<(DeliveryOutcome | Error)[]> {
    const claimed = await this.deliveries.claimAll([...new Set(deliveryIds)].map((id) => ({ id, messageId: messageIdOf(id) })));
    const outcomes = new Map<string, Promise<DeliveryOutcome | Error>>();
    if (claimed.length) {
      const members = this.recipientsByIds(claimed.map((row) => row.memberId)).then((rows) => new Map(rows.map((m) => [m.id, m])));
      // Rows claimed together are for one ISO week (one run's); should they not be, each week is composed on its own.
      const contents = members.then((byId) =>
        Promise.all(
          [...new Set(claimed.map((row) => row.week))].map(async (week) => {
            const forWeek = claimed
              .filter((row) => row.week === week)
              .map((row) => byId.get(row.memberId))
              .filter((m): m is RecipientRow => !!m && m.active && m.digestEnabled);
            const composed = await this.composer.composeAll(forWeek, parseIsoWeek(week)!);
            return forWeek.map((m, i) => [`${week} ${m.id}`, composed[i]] as const);
          }),
        ).then((weeks) => new Map(weeks.flat())),
      );
      contents.catch(() => undefined); // each row's send reports it; one that is skipped first never reads it
      for (const row of claimed) outcomes.set(row.id, this.send(row, members, contents).catch((error: Error) => error));
    }
    const seen = new Set<string>();
    return Promise.all(
      deliveryIds.map((id) => {
        // An id given twice is taken once: the second is as if another sender had it.
        if (seen.has(id) || !outcomes.has(id)) return 'NOT_CLAIMED' as const;
        seen.add(id);
        return outcomes.get(id)!;
      }),
    );
  }

  private async send(row: DeliveryRow, members: Promise<Map<string, RecipientRow>>, contents: Promise<Map<string, DigestContent>>): Promise<DeliveryOutcome> {
    const messageId = row.messageId!;
    let handedOver = false;
    try {
      const member = (await members).get(row.memberId);
      if (!member || !member.active || !member.digestEnabled) {
        await this.deliveries.markSkipped(row.id, 'The member has left or turned the digest off');
        return 'SKIPPED';
      }
      const content = (await contents).get(`${row.week} ${member.id}`)!;
      if (isAllClear(content) && !member.digestAllClear) {
        await this.deliveries.markSkipped(row.id, 'Nothing to report, and the member asked for no all-clear email');
        return 'SKIPPED';
      }
      const digest = renderDigest(content, this.config.publicBaseUrl);
      await this.mailer.send({ to: member.email, subject: digest.subject, text: digest.text, html: digest.html, messageId });
      handedOver = true;
      await retry(() => this.deliveries.markSent(row.id, { email: member.email, subject: digest.subject, conflictCount: digest.conflictCount }));
      return 'SENT';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (handedOver) {
        // The server has the message: never let a retry send it again. The row stays SENDING
        // until the stale-send sweep marks it UNCERTAIN for a coordinator to confirm.
        this.logger.error(`Digest ${row.week} for member ${row.memberId} was sent (${messageId}) but could not be recorded: ${message}`);
        return 'SENT_UNRECORDED';
      }
      await this.deliveries.markFailed(row.id, message);
      this.logger.warn(`Digest ${row.week} for member ${row.memberId} failed (attempt ${row.attempts}): ${message}`);
      throw error;
    }
  }
}

/** Fixed before sending, so that a send can be traced in the mail server's log. */
const messageIdOf = (deliveryId: string) => `<${deliveryId}@consultation-calendar>`;

async function retry(work: () => Promise<void>, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
