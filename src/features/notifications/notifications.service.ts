import type { Actor } from '../../app/access.js';
import { NotFoundError } from '../../app/errors.js';
import type { Database, Executor } from '../../db/database.js';
import type { NotificationKind } from '../../db/schema.js';
import type { AuditContext } from '../audit/audit.events.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { DocumentTexts } from '../documents/document-texts.js';
import { composeDigest } from '../mail/digest-mail.js';
import type { MailQueue } from '../mail/mail-queue.js';
import { subjectTypeOf } from './notify.js';
import { resolveSubjects, subjectKey, type SubjectReader } from './subjects.js';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** The subject's name as the reader may see it: a title, or an action point's text. */
  title: string;
  href: string;
  /** The meeting of an action point, the registration number of a document; else null. */
  context: string | null;
  createdAt: string;
  read: boolean;
}

export interface NotificationPage {
  items: NotificationView[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}

export interface NotificationPreferences {
  dailyDigest: boolean;
}

/** The notifications a user keeps: older ones drop out of the list (they stay in the table). */
const KEPT = 200;

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  subject_id: string;
  created_at: string;
  read_at: string | null;
}

/**
 * What waits for a user, told once. Rows are written by the features where things happen
 * (`notifyOrganisations`, in their transactions); here they are read, named through each
 * subject's visibility rule, marked read and gathered into the daily e-mail digest.
 */
export class Notifications {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly texts: DocumentTexts,
    private readonly mail: MailQueue,
    private readonly publicUrl: string,
  ) {}

  /** Rows named for the reader; a row whose subject the reader may not read is left out. */
  private async named(
    db: Executor,
    reader: SubjectReader,
    rows: readonly NotificationRow[],
  ): Promise<NotificationView[]> {
    const refs = rows.map((r) => ({ type: subjectTypeOf[r.kind], id: r.subject_id }));
    const subjects = await resolveSubjects(db, this.texts, reader, refs);
    return rows.flatMap((row) => {
      const subject = subjects.get(
        subjectKey({ type: subjectTypeOf[row.kind], id: row.subject_id }),
      );
      if (!subject) return [];
      return [
        {
          id: row.id,
          kind: row.kind,
          title: subject.title,
          href: subject.href,
          context: subject.context,
          createdAt: row.created_at,
          read: row.read_at !== null,
        },
      ];
    });
  }

  private rowsOf(db: Executor, userId: string) {
    return db
      .selectFrom('notifications')
      .select(['id', 'kind', 'subject_id', 'created_at', 'read_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(KEPT);
  }

  async list(
    actor: Actor,
    query: { unread?: boolean | undefined; page: number; pageSize: number },
  ): Promise<NotificationPage> {
    const db = this.database.db;
    const all = await this.named(db, actor, await this.rowsOf(db, actor.userId).execute());
    const shown = query.unread ? all.filter((n) => !n.read) : all;
    const start = (query.page - 1) * query.pageSize;
    return {
      items: shown.slice(start, start + query.pageSize),
      total: shown.length,
      unread: all.filter((n) => !n.read).length,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** How many notifications the user has not read, counting only those they may still read. */
  async unreadCount(actor: Actor): Promise<number> {
    const db = this.database.db;
    const rows = await this.rowsOf(db, actor.userId).where('read_at', 'is', null).execute();
    return (await this.named(db, actor, rows)).length;
  }

  /** Marks one of the user's own notifications read; someone else's, or a hidden one: 404. */
  async markRead(actor: Actor, context: AuditContext, id: string): Promise<NotificationView> {
    return this.database.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('notifications')
        .select(['id', 'kind', 'subject_id', 'created_at', 'read_at'])
        .where('id', '=', id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      const [view] = row ? await this.named(trx, actor, [row]) : [];
      if (!view) throw new NotFoundError('No such notification.');
      if (view.read) return view;
      const result = await trx
        .updateTable('notifications')
        .set({ read_at: new Date().toISOString() })
        .where('id', '=', id)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1)
        await this.audit.record(trx, context, {
          action: 'notification.read',
          targetType: 'notification',
          targetId: id,
        });
      return { ...view, read: true };
    });
  }

  /** Marks every unread notification the user may see read; answers how many it marked. */
  async markAllRead(actor: Actor, context: AuditContext): Promise<{ marked: number }> {
    return this.database.db.transaction().execute(async (trx) => {
      const rows = await this.rowsOf(trx, actor.userId).where('read_at', 'is', null).execute();
      const ids = (await this.named(trx, actor, rows)).map((n) => n.id);
      if (ids.length === 0) return { marked: 0 };
      const result = await trx
        .updateTable('notifications')
        .set({ read_at: new Date().toISOString() })
        .where('id', 'in', ids)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      const marked = Number(result.numUpdatedRows);
      if (marked > 0)
        await this.audit.record(trx, context, {
          action: 'notification.read_all',
          targetType: 'notification',
          targetId: null,
          changes: { marked },
        });
      return { marked };
    });
  }

  async preferences(actor: Actor): Promise<NotificationPreferences> {
    const row = await this.database.db
      .selectFrom('notification_preferences')
      .select('daily_digest')
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    return { dailyDigest: row ? row.daily_digest === 1 : true };
  }

  /**
   * Switches the daily digest on or off; the same choice again changes and records nothing. The
   * switch is one conditional statement, so of concurrent identical requests one changes it and
   * is audited. No row means on: switching on updates a row that says off, switching off inserts
   * one or updates a row that says on.
   */
  async setPreferences(
    actor: Actor,
    context: AuditContext,
    changes: NotificationPreferences,
  ): Promise<NotificationPreferences> {
    return this.database.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const changed = changes.dailyDigest
        ? Number(
            (
              await trx
                .updateTable('notification_preferences')
                .set({ daily_digest: 1, updated_at: now })
                .where('user_id', '=', actor.userId)
                .where('daily_digest', '=', 0)
                .executeTakeFirst()
            ).numUpdatedRows,
          )
        : Number(
            (
              await trx
                .insertInto('notification_preferences')
                .values({
                  user_id: actor.userId,
                  daily_digest: 0,
                  last_digest_at: null,
                  updated_at: now,
                })
                .onConflict((oc) =>
                  oc
                    .column('user_id')
                    .doUpdateSet({ daily_digest: 0, updated_at: now })
                    .where('notification_preferences.daily_digest', '=', 1),
                )
                .executeTakeFirst()
            ).numInsertedOrUpdatedRows ?? 0,
          );
      if (changed > 0)
        await this.audit.record(trx, context, {
          action: 'notification.preferences',
          targetType: 'user',
          targetId: actor.userId,
          changes: { dailyDigest: { before: !changes.dailyDigest, after: changes.dailyDigest } },
        });
      return { dailyDigest: changes.dailyDigest };
    });
  }

  /**
   * Queues the daily digest: once per user and UTC day, to each active user who has not switched
   * it off and has unread notifications since their last digest. Each user's digest is claimed in
   * one conditional statement, so several processes running this queue one message.
   */
  async enqueueDailyDigests(now = new Date()): Promise<number> {
    const db = this.database.db;
    const dayStart = `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
    const candidates = await db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .leftJoin('notification_preferences as pref', 'pref.user_id', 'users.id')
      .select([
        'users.id',
        'users.email',
        'users.name',
        'users.role',
        'users.locale',
        'users.organisation_id as organisationId',
        'pref.last_digest_at as lastDigestAt',
        'pref.user_id as hasPreferences',
      ])
      .where('users.disabled_at', 'is', null)
      .where((eb) => eb.or([eb('pref.daily_digest', 'is', null), eb('pref.daily_digest', '=', 1)]))
      .where((eb) =>
        eb.or([eb('pref.last_digest_at', 'is', null), eb('pref.last_digest_at', '<', dayStart)]),
      )
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('notifications')
            .select('notifications.id')
            .whereRef('notifications.user_id', '=', 'users.id')
            .where('notifications.read_at', 'is', null)
            .where((inner) =>
              inner.or([
                inner('pref.last_digest_at', 'is', null),
                inner('notifications.created_at', '>', inner.ref('pref.last_digest_at')),
              ]),
            ),
        ),
      )
      .execute();
    let queued = 0;
    for (const user of candidates) {
      const reader: SubjectReader = {
        userId: user.id,
        email: user.email,
        organisationId: user.organisationId,
        role: user.role,
      };
      const sent = await db.transaction().execute(async (trx) => {
        if (!(await this.claimDigest(trx, user.id, user.hasPreferences !== null, dayStart, now)))
          return false;
        let rows = this.rowsOf(trx, user.id).where('read_at', 'is', null);
        if (user.lastDigestAt !== null) rows = rows.where('created_at', '>', user.lastDigestAt);
        const items = await this.named(trx, reader, await rows.execute());
        if (items.length === 0) return false;
        await this.mail.enqueue(trx, [
          {
            ...composeDigest(
              { name: user.name, email: user.email, locale: user.locale },
              items,
              this.publicUrl,
            ),
            dedupeKey: `digest:${user.id}:${dayStart.slice(0, 10)}`,
          },
        ]);
        return true;
      });
      if (sent) queued += 1;
    }
    return queued;
  }

  /** Takes today's digest of a user for this process; false when another process already has. */
  private async claimDigest(
    trx: Executor,
    userId: string,
    hasRow: boolean,
    dayStart: string,
    now: Date,
  ): Promise<boolean> {
    const at = now.toISOString();
    if (!hasRow) {
      const inserted = await trx
        .insertInto('notification_preferences')
        .values({ user_id: userId, daily_digest: 1, last_digest_at: at, updated_at: at })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const claimed = await trx
      .updateTable('notification_preferences')
      .set({ last_digest_at: at })
      .where('user_id', '=', userId)
      .where('daily_digest', '=', 1)
      .where((eb) => eb.or([eb('last_digest_at', 'is', null), eb('last_digest_at', '<', dayStart)]))
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }
}
