import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

export interface MailMessage {
  /** Outbox row id: names the .eml file, so a repeated delivery overwrites instead of adding. */
  id: string;
  to: { name: string; address: string | undefined };
  subject: string;
  text: string;
}

export type MailDelivery = { via: 'smtp' } | { via: 'file'; file: string };

/**
 * Email out: through SMTP when SMTP_URL is set, otherwise as .eml files in NOTIFICATIONS_DIR
 * (development, demos, tests). A recipient without an address is always written to the folder.
 */
@Injectable()
export class MailTransport {
  private readonly smtp: Transporter | undefined;
  private readonly composer: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { smtpUrl } = config.notifications;
    this.smtp = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
    this.composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  }

  async send(message: MailMessage): Promise<MailDelivery> {
    const envelope = {
      from: this.config.notifications.from,
      to: message.to.address ? { name: message.to.name, address: message.to.address } : undefined,
      subject: message.subject,
      text: message.text,
      // Plain base64 keeps the body readable by any tool (and by our tests) byte for byte.
      textEncoding: 'base64' as const,
      messageId: `<${message.id}@yunzhao>`,
      headers: { 'X-Yunzhao-Outbox-Id': message.id },
    };
    if (this.smtp && message.to.address) {
      await this.smtp.sendMail(envelope);
      return { via: 'smtp' };
    }
    const composed = (await this.composer.sendMail(envelope)) as { message: Buffer };
    const dir = this.config.notifications.dir;
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${message.id}.eml`);
    // Write then rename: a reader never sees half a message.
    await fs.writeFile(`${file}.tmp`, composed.message);
    await fs.rename(`${file}.tmp`, file);
    return { via: 'file', file };
  }
}
