import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IsoWeek } from '../common/dates/iso-week';

export const DELIVERY_STATUSES = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'UNCERTAIN', 'SKIPPED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryRow {
  id: string;
  memberId: string;
  week: string;
  weekStart: string;
  status: DeliveryStatus;
  attempts: number;
  email: string | null;
  subject: string | null;
  conflictCount: number | null;
  messageId: string | null;
  lastError: string | null;
  claimedAt: Date | null;
  sentAt: Date | null;
  updatedAt: Date;
}

const COLUMNS = `id, member_id AS "memberId", week, week_start::text AS "weekStart", status, attempts, email, subject,
  conflict_count AS "conflictCount", message_id AS "messageId", last_error AS "lastError",
  claimed_at AS "claimedAt", sent_at AS "sentAt", updated_at AS "updatedAt"`;

/**
 * The delivery ledger: one row per member and ISO week (unique), moved through
 * PENDING → SENDING → SENT | FAILED | UNCERTAIN | SKIPPED by single conditional updates, so
 * two workers can never both send one row.
 */
@Injectable()
export class DigestDeliveries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds a PENDING row for every subscribed member that has none for the week; returns how many. */
  async plan(week: IsoWeek, memberId?: string): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO digest_delivery (member_id, week, week_start, email)
       SELECT m.id, $1, $2, m.email FROM member m
        WHERE m.active AND m.digest_enabled AND ($3::uuid IS NULL OR m.id = $3)
       ON CONFLICT (member_id, week) DO NOTHING
       RETURNING id`,
      [week.id, week.start, memberId ?? null],
    );
    return rows.length;
  }

  /** PENDING rows (and, for an operator's manual run, FAILED ones too). */
  async idsToSend(week: IsoWeek, options: { memberId?: string; includeFailed?: boolean } = {}): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM digest_delivery
        WHERE week = $1 AND status = ANY($3::text[]) AND ($2::uuid IS NULL OR member_id = $2) ORDER BY id`,
      [week.id, options.memberId ?? null, options.includeFailed ? ['PENDING', 'FAILED'] : ['PENDING']],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Takes a row for sending. Only PENDING and FAILED rows can be taken, and only by one caller:
   * a SENT row is never sent again, and a SENDING row belongs to whoever took it.
   */
  async claim(id: string, messageId: string): Promise<DeliveryRow | undefined> {
    return (await this.claimAll([{ id, messageId }]))[0];
  }

  /**
   * claim() for several rows in one statement: those taken, in no particular order. The rows are
   * locked in id order, so that two senders claiming overlapping sets wait for each other, never deadlock.
   */
  async claimAll(claims: { id: string; messageId: string }[]): Promise<DeliveryRow[]> {
    const [rows] = await this.dataSource.query(
      `WITH taken AS (
         SELECT d.id AS delivery_id, t.new_message_id
           FROM digest_delivery d JOIN unnest($1::uuid[], $2::text[]) AS t(id, new_message_id) ON t.id = d.id
          WHERE d.status IN ('PENDING','FAILED')
          ORDER BY d.id
            FOR UPDATE OF d)
       UPDATE digest_delivery SET status = 'SENDING', attempts = attempts + 1, claimed_at = now(), updated_at = now(),
              message_id = taken.new_message_id, last_error = NULL
         FROM taken
        WHERE id = taken.delivery_id AND status IN ('PENDING','FAILED')
       RETURNING ${COLUMNS}`,
      [claims.map((c) => c.id), claims.map((c) => c.messageId)],
    );
    return rows;
  }

  async markSent(id: string, sent: { email: string; subject: string; conflictCount: number }): Promise<void> {
    await this.finish(id, 'SENT', { ...sent, error: null });
  }

  async markSkipped(id: string, reason: string): Promise<void> {
    await this.finish(id, 'SKIPPED', { error: reason });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.finish(id, 'FAILED', { error });
  }

  private async finish(id: string, status: DeliveryStatus, fields: { email?: string; subject?: string; conflictCount?: number; error: string | null }) {
    await this.dataSource.query(
      `UPDATE digest_delivery
          SET status = $2, email = coalesce($3, email), subject = coalesce($4, subject), conflict_count = coalesce($5, conflict_count),
              last_error = $6, sent_at = CASE WHEN $2 = 'SENT' THEN now() ELSE sent_at END, updated_at = now()
        WHERE id = $1 AND status = 'SENDING'`,
      [id, status, fields.email ?? null, fields.subject ?? null, fields.conflictCount ?? null, fields.error],
    );
  }

  /**
   * A row left SENDING longer than a send can take means the sender died between handing the
   * message over and recording it: it may or may not have gone. It is never resent on its own
   * (that could mean two digests); it becomes UNCERTAIN for a coordinator to check and re-drive.
   */
  async markStaleSendsUncertain(olderThanMinutes: number): Promise<DeliveryRow[]> {
    const [rows] = await this.dataSource.query(
      `UPDATE digest_delivery
          SET status = 'UNCERTAIN', updated_at = now(),
              last_error = 'The sender stopped while sending (at ' || to_char(claimed_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI') ||
                           ' London time) and did not record the outcome; check the mail server log for Message-ID ' || coalesce(message_id, '?')
        WHERE status = 'SENDING' AND claimed_at < now() - make_interval(mins => $1)
       RETURNING ${COLUMNS}`,
      [olderThanMinutes],
    );
    return rows;
  }

  /** A FAILED, UNCERTAIN or SKIPPED row back to PENDING, when a coordinator asks for it. */
  async redrive(id: string, manager: EntityManager = this.dataSource.manager): Promise<DeliveryRow | undefined> {
    const [rows] = await manager.query(
      `UPDATE digest_delivery SET status = 'PENDING', last_error = NULL, updated_at = now()
        WHERE id = $1 AND status IN ('FAILED','UNCERTAIN','SKIPPED')
       RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0];
  }

  statusOf(week: IsoWeek, memberId: string): Promise<DeliveryStatus | undefined> {
    return this.dataSource
      .query(`SELECT status FROM digest_delivery WHERE week = $1 AND member_id = $2`, [week.id, memberId])
      .then((rows: { status: DeliveryStatus }[]) => rows[0]?.status);
  }

  get(id: string): Promise<DeliveryRow | undefined> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM digest_delivery WHERE id = $1`, [id]).then((rows: DeliveryRow[]) => rows[0]);
  }

  /** How many of the week's deliveries are in each status (every status present, zero where none). */
  async countByStatus(week: IsoWeek): Promise<Record<DeliveryStatus, number>> {
    const rows: { status: DeliveryStatus; n: number }[] = await this.dataSource.query(`SELECT status, count(*)::int AS n FROM digest_delivery WHERE week = $1 GROUP BY status`, [week.id]);
    const counts = Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, 0])) as Record<DeliveryStatus, number>;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** The week's deliveries (those in `statuses`, if given), problems first. */
  forWeek(week: IsoWeek, statuses?: readonly DeliveryStatus[]): Promise<DeliveryRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM digest_delivery
        WHERE week = $1 AND ($2::text[] IS NULL OR status = ANY($2::text[]))
        ORDER BY array_position(ARRAY['FAILED','UNCERTAIN','SENDING','PENDING','SKIPPED','SENT'], status), email, id`,
      [week.id, statuses ?? null],
    );
  }
}
