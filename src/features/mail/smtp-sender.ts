import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config.js';
import type { MailMessage } from '../../db/schema.js';
import type { MailSender } from './mail-queue.js';

const TIMEOUT_MILLISECONDS = 30_000;

/** A sender that hands queued messages to the configured SMTP server through nodemailer. */
export function smtpSender(smtp: SmtpConfig, from: string): { send: MailSender; close(): void } {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'tls',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    ...(smtp.user !== undefined && smtp.password !== undefined
      ? { auth: { user: smtp.user, pass: smtp.password } }
      : {}),
    connectionTimeout: TIMEOUT_MILLISECONDS,
    greetingTimeout: TIMEOUT_MILLISECONDS,
    socketTimeout: TIMEOUT_MILLISECONDS,
  });
  return {
    send: async (message: MailMessage) => {
      await transport.sendMail({
        from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        ...(message.reply_to !== null ? { replyTo: message.reply_to } : {}),
        ...(message.calendar !== null
          ? {
              icalEvent: {
                method: message.calendar_method ?? 'PUBLISH',
                filename: 'meeting.ics',
                content: message.calendar,
              },
            }
          : {}),
      });
    },
    close: () => {
      transport.close();
    },
  };
}
