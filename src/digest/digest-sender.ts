import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { parseIsoWeek } from '../common/dates/iso-week';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { DigestComposer, DigestRecipient } from './digest-composer';
import { DigestDeliveries } from './digest-deliveries';
import { isAllClear } from './digest.content';
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

  /**
   * Claims the row (only one caller can), composes, hands the message to the server and records
   * SENT only once the server has accepted it. A failure records FAILED and rethrows, so that the
   * queue retries with back-off; a crash in between leaves SENDING, which is never resent blindly.
   */
  async deliver(deliveryId: string): Promise<DeliveryOutcome> {
    const messageId = `<${deliveryId}@consultation-calendar>`;
    const row = await this.deliveries.claim(deliveryId, messageId);
    if (!row) return 'NOT_CLAIMED';
    let handedOver = false;
    try {
      const member = await this.recipient({ id: row.memberId });
      if (!member || !member.active || !member.digestEnabled) {
        await this.deliveries.markSkipped(row.id, 'The member has left or turned the digest off');
        return 'SKIPPED';
      }
      const content = await this.composer.compose(member, parseIsoWeek(row.week)!);
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
