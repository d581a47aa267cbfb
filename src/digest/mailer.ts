import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
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
  private readonly transport: Transporter | undefined;

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
    }
  }

  /** Where mail goes, for logs. */
  describe(): string {
    return this.transport ? `SMTP ${this.config.smtp!.host}:${this.config.smtp!.port}` : `.eml files in ${this.config.digest.outboxDir} (SMTP_HOST is not set)`;
  }

  /** Resolves only once the server (or the outbox folder) has accepted the message. */
  async send(mail: OutgoingMail): Promise<void> {
    const message = await build(this.config.mailFrom, mail);
    if (!this.transport) return this.writeToOutbox(mail, message);
    // Sent whole, as built: streaming it line by line costs far more in socket writes.
    const info = await this.transport.sendMail({ envelope: { from: this.config.mailFrom, to: [mail.to] }, raw: message });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0 || !(info.accepted ?? []).length) {
      throw new Error(`The mail server did not accept ${rejected.join(', ') || mail.to}: ${info.response ?? 'no response'}`);
    }
  }

  private writeToOutbox(mail: OutgoingMail, message: Buffer): void {
    const dir = this.config.digest.outboxDir;
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${mail.messageId.replace(/[<>]/g, '').split('@')[0]}.eml`);
    // Written whole or not at all: a half-written file must not look like a sent digest.
    writeFileSync(`${path}.tmp`, message);
    renameSync(`${path}.tmp`, path);
    this.logger.log(`Digest for ${mail.to} written to ${path}`);
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/** A multipart/alternative message; base64 parts, which Node encodes natively. */
function build(from: string, mail: OutgoingMail): Promise<Buffer> {
  const composer = new MailComposer({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, textEncoding: 'base64' });
  return new Promise((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message))));
}
