import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AfterAnswer } from '../common/after-answer';
import { consultationLink, Mail, noticeMessageId } from '../common/plain-mail';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Mailer } from '../digest/mailer';
import { JoinRequestEntity } from './join-request.entity';
import { EndingFacts, joinAnswerMail, joinRequestMail, joinWithdrawnMail, partnerLeftMail, partnerRemovedMail } from './join-request.mail';

// What a request's email names: both consultations' titles and the organisations.
const FACTS_SQL = `
SELECT c.title, c.organisation_id AS "ownerId", owner.name AS owner, r.organisation_id AS "askingId", asking.name AS asking,
       m.name AS "askedBy", m.email AS "askedByEmail", m.active AS "askerActive", own.title AS "ownTitle", ender.name AS "endedBy"
  FROM join_request r
  JOIN consultation c ON c.id = r.consultation_id
  JOIN organisation owner ON owner.id = c.organisation_id
  JOIN organisation asking ON asking.id = r.organisation_id
  JOIN member m ON m.id = r.requested_by
  LEFT JOIN consultation own ON own.id = r.own_consultation_id
  LEFT JOIN member ender ON ender.id = r.ended_by
 WHERE r.id = $1`;

interface Facts {
  title: string;
  ownerId: string;
  owner: string;
  askingId: string;
  asking: string;
  askedBy: string;
  askedByEmail: string;
  askerActive: boolean;
  ownTitle: string | null;
  endedBy: string | null;
}

/**
 * Tells the owning organisation's officers of a request, and the member who asked of the answer,
 * by email once the change is committed; and the other side of a request withdrawn, a partner
 * leaving (the owner's officers) or a partner's part ended (the partner's officers). Sent after the answer, as sign-in links are: a mail
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

  /** The request withdrawn, or the partnership left or ended by the owner: the other side is told. */
  ended(request: JoinRequestEntity): void {
    this.sending.start(this.sendEnded(request));
  }

  /** Resolves once every mail asked for so far has been handed to the mail server (or failed). */
  settled(): Promise<void> {
    return this.sending.settled();
  }

  private async sendRequested(request: JoinRequestEntity): Promise<void> {
    const f = await this.facts(request);
    // Those who can answer it.
    const mail = joinRequestMail({ ...f, link: this.link(request.consultationId), note: request.note, cancelOwn: request.cancelOwn });
    for (const email of await this.officersOf(f.ownerId)) await this.send(email, mail, request);
  }

  private async sendEnded(request: JoinRequestEntity): Promise<void> {
    const f = await this.facts(request);
    const ending: EndingFacts = {
      ...f,
      link: this.link(request.consultationId),
      endedBy: f.endedBy ?? '',
      note: request.endNote,
      linkedTitle: request.cancelOwn ? null : f.ownTitle,
    };
    const [mail, to] =
      request.status === 'WITHDRAWN' ? [joinWithdrawnMail(ending), f.ownerId] : request.status === 'LEFT' ? [partnerLeftMail(ending), f.ownerId] : [partnerRemovedMail(ending), f.askingId];
    for (const email of await this.officersOf(to)) await this.send(email, mail, request);
  }

  // An organisation's active officers and coordinators: those who act on a request or partnership.
  private async officersOf(organisationId: string): Promise<string[]> {
    const rows: { email: string }[] = await this.dataSource.query(
      `SELECT email FROM member WHERE organisation_id = $1 AND active AND role IN ('OFFICER', 'COORDINATOR') ORDER BY email`,
      [organisationId],
    );
    return rows.map((r) => r.email);
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
    return this.mailer.send({ to, ...mail, messageId: noticeMessageId(this.config.publicBaseUrl, `join-request-${request.id}`) });
  }

  /** Where the planner shows the consultation (its page lists the requests and partners). */
  private link(consultationId: string): string {
    return consultationLink(this.config.publicBaseUrl, consultationId);
  }
}
