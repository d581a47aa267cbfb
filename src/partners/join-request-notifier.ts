import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AfterAnswer } from '../common/after-answer';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Mailer } from '../digest/mailer';
import { JoinRequestEntity } from './join-request.entity';
import { joinAnswerMail, joinRequestMail, Mail } from './join-request.mail';

// What a request's email names: both consultations' titles and the organisations.
const FACTS_SQL = `
SELECT c.title, c.organisation_id AS "ownerId", owner.name AS owner, asking.name AS asking, m.name AS "askedBy", m.email AS "askedByEmail", m.active AS "askerActive", own.title AS "ownTitle"
  FROM join_request r
  JOIN consultation c ON c.id = r.consultation_id
  JOIN organisation owner ON owner.id = c.organisation_id
  JOIN organisation asking ON asking.id = r.organisation_id
  JOIN member m ON m.id = r.requested_by
  LEFT JOIN consultation own ON own.id = r.own_consultation_id
 WHERE r.id = $1`;

interface Facts {
  title: string;
  ownerId: string;
  owner: string;
  asking: string;
  askedBy: string;
  askedByEmail: string;
  askerActive: boolean;
  ownTitle: string | null;
}

/**
 * Tells the owning organisation's officers of a request, and the member who asked of the answer,
 * by email once the change is committed. Sent after the answer, as sign-in links are: a mail
 * server's pace does not hold up the request, and a failure is logged (the request stands).
 */
@Injectable()
export class JoinRequestNotifier {
  private readonly logger = new Logger(JoinRequestNotifier.name);
  // Mails being sent after their request was answered (settled() waits for them).
  private readonly sending = new AfterAnswer(this.logger, "A join request's email");

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  requested(request: JoinRequestEntity): void {
    this.sending.start(this.sendRequested(request));
  }

  answered(request: JoinRequestEntity): void {
    this.sending.start(this.sendAnswered(request));
  }

  /** Resolves once every mail asked for so far has been handed to the mail server (or failed). */
  settled(): Promise<void> {
    return this.sending.settled();
  }

  private async sendRequested(request: JoinRequestEntity): Promise<void> {
    const f = await this.facts(request);
    // Those who can answer it: the owning organisation's active officers and coordinators.
    const officers: { email: string }[] = await this.dataSource.query(
      `SELECT email FROM member WHERE organisation_id = $1 AND active AND role IN ('OFFICER', 'COORDINATOR') ORDER BY email`,
      [f.ownerId],
    );
    const mail = joinRequestMail({ ...f, link: this.link(request.consultationId), note: request.note, cancelOwn: request.cancelOwn });
    for (const { email } of officers) await this.send(email, mail, request);
  }

  private async sendAnswered(request: JoinRequestEntity): Promise<void> {
    const f = await this.facts(request);
    if (!f.askerActive) return;
    const mail = joinAnswerMail({ ...f, link: this.link(request.consultationId), accepted: request.status === 'ACCEPTED', note: request.answerNote, cancelOwn: request.cancelOwn });
    await this.send(f.askedByEmail, mail, request);
  }

  private async facts(request: JoinRequestEntity): Promise<Facts> {
    const [facts]: Facts[] = await this.dataSource.query(FACTS_SQL, [request.id]);
    return facts;
  }

  private send(to: string, mail: Mail, request: JoinRequestEntity): Promise<void> {
    const host = new URL(this.config.publicBaseUrl).hostname;
    return this.mailer.send({ to, ...mail, messageId: `<join-request-${request.id}-${randomUUID()}@${host}>` });
  }

  /** Where the planner shows the consultation (its page lists the requests and partners). */
  private link(consultationId: string): string {
    return `${this.config.publicBaseUrl}/consultations/${consultationId}`;
  }
}
