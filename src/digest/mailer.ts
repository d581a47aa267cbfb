import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed before sending, so a send can be traced in the mail server's log. */
  messageId: string;
}

/**
 * Hands mail to the configured SMTP server, or, with none configured, writes each message as an
 * .eml file to the outbox folder so that development needs no mail server.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter;
  private readonly outboxDir: string | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const smtp = config.smtp;
    if (smtp) {
      this.transport = createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        requireTLS: smtp.requireTls,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
        pool: true,
        maxConnections: Math.min(config.digest.sendConcurrency, 10),
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      });
    } else {
      this.outboxDir = config.digest.outboxDir;
      this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  /** Where mail goes, for logs. */
  describe(): string {
    return this.outboxDir ? `.eml files in ${this.outboxDir} (SMTP_HOST is not set)` : `SMTP ${this.config.smtp!.host}:${this.config.smtp!.port}`;
  }

  /** Resolves only once the server (or the outbox folder) has accepted the message. */
  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
    if (this.outboxDir) return this.writeToOutbox(mail, info.message as Buffer);
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0 || !(info.accepted ?? []).length) {
      throw new Error(`The mail server did not accept ${rejected.join(', ') || mail.to}: ${info.response ?? 'no response'}`);
    }
  }

  private writeToOutbox(mail: OutgoingMail, message: Buffer): void {
    mkdirSync(this.outboxDir!, { recursive: true });
    const name = `${mail.messageId.replace(/[<>]/g, '').split('@')[0]}.eml`;
    const path = join(this.outboxDir!, name);
    // Written whole or not at all: a half-written file must not look like a sent digest.
    writeFileSync(`${path}.tmp`, message);
    renameSync(`${path}.tmp`, path);
    this.logger.log(`Digest for ${mail.to} written to ${path}`);
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
