import type { NotificationChannel } from '@secpipe/core';
import nodemailer, { type Transporter } from 'nodemailer';
import { notificationTitle, type NotificationContent } from './notificationContent';
import type { NotificationSender } from './notificationSender';

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  rejectUnauthorized: boolean;
  user?: string;
  password?: string;
  from: string;
  to: string[];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function textBody(c: NotificationContent): string {
  return [
    c.event.summary,
    '',
    `Camera: ${c.event.camera_name}`,
    `Risk: ${c.event.risk_score} (${c.event.risk_level})`,
    `When: ${c.event.started_at}`,
    `Why: ${c.event.reasoning}`,
    ...(c.thumbnail_link ? [`Snapshot: ${c.thumbnail_link}`] : []),
    ...(c.alert.rule_name ? ['', `Alert rule: ${c.alert.rule_name}`] : []),
  ].join('\n');
}

function htmlBody(c: NotificationContent): string {
  const image = c.thumbnail_link ? `<p><a href="${escapeHtml(c.thumbnail_link)}"><img src="${escapeHtml(c.thumbnail_link)}" alt="snapshot" width="320"></a></p>` : '';
  return `<h2>${escapeHtml(c.event.summary)}</h2>
<p><b>Camera:</b> ${escapeHtml(c.event.camera_name)}<br><b>Risk:</b> ${c.event.risk_score} (${escapeHtml(c.event.risk_level)})<br><b>When:</b> ${escapeHtml(c.event.started_at)}</p>
<p>${escapeHtml(c.event.reasoning)}</p>${image}`;
}

/** Alert e-mails over SMTP (nodemailer): a plain-text and an HTML part with the thumbnail link. */
export class EmailSender implements NotificationSender {
  readonly channel: NotificationChannel = 'email';
  private readonly transport: Transporter;

  constructor(private readonly settings: EmailSettings) {
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
      tls: { rejectUnauthorized: settings.rejectUnauthorized },
      connectionTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(content: NotificationContent): Promise<void> {
    await this.transport.sendMail({ from: this.settings.from, to: this.settings.to, subject: notificationTitle(content), text: textBody(content), html: htmlBody(content) });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
