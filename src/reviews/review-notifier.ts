import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AfterAnswer } from '../common/after-answer';
import { consultationLink, noticeMessageId } from '../common/plain-mail';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Mailer } from '../digest/mailer';
import { reviewDecisionMail } from './review-decision.mail';

export interface ReviewDecided {
  consultationId: string;
  agree: boolean;
  note: string;
  reviewedBy: string;
}

// Whom a decision is for: the consultation's lead officer while active, else its organisation's
// active officers and coordinators (those who can change and launch it).
const RECIPIENTS_SQL = `
SELECT c.title, reviewer.name AS reviewer, coalesce(lead.emails, officers.emails) AS emails
  FROM consultation c
  JOIN member reviewer ON reviewer.id = $2
  LEFT JOIN LATERAL (SELECT ARRAY[m.email] AS emails FROM member m WHERE m.id = c.lead_officer_id AND m.active) lead ON true
  CROSS JOIN LATERAL (SELECT array_agg(m.email ORDER BY m.email) AS emails FROM member m
                       WHERE m.organisation_id = c.organisation_id AND m.active AND m.role IN ('OFFICER', 'COORDINATOR')) officers
 WHERE c.id = $1`;

/**
 * Tells a plan's owner of the network coordinator's decision (reviewConsultation) by email once it is
 * committed. Sent after the answer, as join requests' emails are: a failure is logged, the decision stands.
 */
@Injectable()
export class ReviewNotifier {
  private readonly logger = new Logger(ReviewNotifier.name);
  private readonly sending = new AfterAnswer(this.logger, "A review decision's email");

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  decided(decision: ReviewDecided): void {
    this.sending.start(this.send(decision));
  }

  /** Resolves once every mail asked for so far has been handed to the mail server (or failed). */
  settled(): Promise<void> {
    return this.sending.settled();
  }

  private async send(d: ReviewDecided): Promise<void> {
    const [facts]: { title: string; reviewer: string; emails: string[] | null }[] = await this.dataSource.query(RECIPIENTS_SQL, [d.consultationId, d.reviewedBy]);
    const base = this.config.publicBaseUrl;
    const mail = reviewDecisionMail({ title: facts.title, reviewer: facts.reviewer, agree: d.agree, note: d.note, link: consultationLink(base, d.consultationId) });
    for (const to of facts.emails ?? []) await this.mailer.send({ to, ...mail, messageId: noticeMessageId(base, `review-${d.consultationId}`) });
  }
}
