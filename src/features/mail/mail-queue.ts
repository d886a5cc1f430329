import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import type { MailMessage } from '../../db/schema.js';
import type { CalendarMethod } from '../meetings/icalendar.js';

export interface OutgoingMail {
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  calendar?: { method: CalendarMethod; content: string } | undefined;
  /** Enqueueing the same key twice stores one message: for jobs several processes run. */
  dedupeKey?: string | undefined;
  /** For mail carrying a secret, such as a reset link: the body is erased once it has left. */
  eraseAfterSending?: boolean | undefined;
  /** Where replies go when the sender is a no-reply address: `Name <address>` or an address. */
  replyTo?: string | undefined;
}

/** Hands one message to the mail server; throws when it was not accepted. */
export type MailSender = (message: MailMessage) => Promise<void>;

export const MAX_ATTEMPTS = 8;
/** Long enough for a slow server; a process that dies holding a lease frees it after this. */
export const LEASE_MILLISECONDS = 5 * 60 * 1000;
const BATCH = 20;

/** 1, 2, 4 ... minutes after each failure, at most six hours. */
export function retryDelayMilliseconds(attempts: number): number {
  return Math.min(2 ** Math.max(attempts - 1, 0), 6 * 60) * 60 * 1000;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Outgoing e-mail, held in the database so that it is sent after the transaction that made it
 * commits, survives restarts, and is retried with backoff. Any number of processes may deliver:
 * each claims a batch of rows with a lease in one atomic statement, so a message goes out once.
 */
export class MailQueue {
  constructor(private readonly database: Database) {}

  /** Adds messages inside the caller's transaction: they exist only if the change does. */
  async enqueue(db: Executor, messages: OutgoingMail[]): Promise<void> {
    if (messages.length === 0) return;
    const now = new Date().toISOString();
    await db
      .insertInto('mail_queue')
      .values(
        messages.map((m) => ({
          id: randomUUID(),
          kind: m.kind,
          recipient: m.recipient,
          subject: m.subject,
          body: m.body,
          calendar: m.calendar?.content ?? null,
          calendar_method: m.calendar?.method ?? null,
          dedupe_key: m.dedupeKey ?? null,
          erase_after_sending: m.eraseAfterSending ? 1 : 0,
          reply_to: m.replyTo ?? null,
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
          lease_until: null,
          leased_by: null,
          last_error: null,
          created_at: now,
          sent_at: null,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }

  /** Claims up to `limit` due messages for a worker, atomically, with a lease. */
  async claim(worker: string, limit = BATCH, now = new Date()): Promise<MailMessage[]> {
    const at = now.toISOString();
    const leaseUntil = new Date(now.getTime() + LEASE_MILLISECONDS).toISOString();
    const db = this.database.db;
    const due = this.database.dialect.skipLockedRows(
      db
        .selectFrom('mail_queue')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .orderBy('next_attempt_at')
        .limit(limit),
    );
    return (
      db
        .updateTable('mail_queue')
        .set((eb) => ({
          lease_until: leaseUntil,
          leased_by: worker,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', 'in', due)
        // Checked again on the row as it is now, in case another worker claimed it meanwhile.
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .returningAll()
        .execute()
    );
  }

  /** Claims due messages and sends them one by one, recording each outcome. */
  async deliver(worker: string, send: MailSender, now = new Date()): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    for (const message of await this.claim(worker, BATCH, now)) {
      try {
        await send(message);
        await this.database.db
          .updateTable('mail_queue')
          .set((eb) => ({
            status: 'sent',
            sent_at: new Date().toISOString(),
            lease_until: null,
            body: eb.case().when('erase_after_sending', '=', 1).then('').else(eb.ref('body')).end(),
          }))
          .where('id', '=', message.id)
          .where('leased_by', '=', worker)
          .execute();
        report.sent += 1;
      } catch (error) {
        const giveUp = message.attempts >= MAX_ATTEMPTS;
        await this.database.db
          .updateTable('mail_queue')
          .set({
            status: giveUp ? 'failed' : 'pending',
            last_error: (error instanceof Error ? error.message : String(error)).slice(0, 2000),
            lease_until: null,
            next_attempt_at: new Date(
              now.getTime() + retryDelayMilliseconds(message.attempts),
            ).toISOString(),
          })
          .where('id', '=', message.id)
          .where('leased_by', '=', worker)
          .execute();
        if (giveUp) report.failed += 1;
        else report.retried += 1;
      }
    }
    return report;
  }

  /** How many messages wait, were sent or failed: for operators. */
  async counts(): Promise<Record<MailMessage['status'], number>> {
    const rows = await this.database.db
      .selectFrom('mail_queue')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const result = { pending: 0, sent: 0, failed: 0 };
    for (const row of rows) result[row.status] = row.n;
    return result;
  }

  /** Puts failed messages back in the queue, for after an outage was fixed. */
  async retryFailed(): Promise<number> {
    const result = await this.database.db
      .updateTable('mail_queue')
      .set({ status: 'pending', attempts: 0, next_attempt_at: new Date().toISOString() })
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
