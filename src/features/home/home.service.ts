import { sql } from 'kysely';
import type { Actor } from '../../app/access.js';
import type { Database } from '../../db/database.js';
import type { DocumentTexts } from '../documents/document-texts.js';
import { visibleDocuments } from '../documents/documents.policy.js';
import { readerFor } from '../documents/documents.repository.js';
import { visibleMeetings } from '../meetings/meetings.policy.js';
import { resolveSubjects, subjectKey, type SubjectType } from '../notifications/subjects.js';
import { networkToday } from '../priorities/priorities.dates.js';
import { visibleFrameworks } from '../priorities/priorities.policy.js';
import { visibleActivities } from '../scorecard/scorecard.policy.js';
import { overdueObligations } from '../reporting/reports.calendar.js';
import type { CalendarEntry } from '../reporting/reports.model.js';
import { todayUtc } from '../../app/dates.js';

/** An activity under way that has had no progress update for this long is due one. */
export const UPDATE_DUE_DAYS = 90;
/** A document registered this recently counts as newly released. */
export const NEWLY_RELEASED_DAYS = 30;
const RECENT_CHANGES = 10;
/** How far back the audit log is read to find the reader's recent changes. */
const CHANGES_SCANNED = 300;

export interface OpenConsultation {
  year: number;
  version: number;
  title: string;
  deadline: string;
  /** The reader's agency's answers; for the secretariat, the agencies that answered. */
  answers: number;
  agencies: number;
}

export interface InvitationToAnswer {
  id: string;
  title: string;
  startsAt: string;
  timeZone: string;
  city: string;
}

export interface ActivityDue {
  id: string;
  title: string;
  lead: string;
  /** The day of the last progress update, or null when there has been none. */
  lastUpdate: string | null;
  plannedEnd: string;
}

export interface OverdueActionPoint {
  id: string;
  text: string;
  owner: string;
  dueOn: string;
  meetingId: string;
  meetingTitle: string;
}

export interface ReleasedDocument {
  id: string;
  title: string;
  registrationNumber: string;
  originator: string;
  registeredOn: string;
}

/** A long list is cut here on the home page, with a link to where it is whole. */
export const SHOWN_PER_LIST = 15;

/** The first items of a list the home page cuts, and how many the whole list holds. */
export interface ShortList<T> {
  items: T[];
  total: number;
}

/** What waits for the reader. Each list is within what the reader may see. */
export interface HomeWork {
  consultations: OpenConsultation[];
  invitations: InvitationToAnswer[];
  /** Contact points: activities their agency leads; the secretariat: every agency's. */
  activitiesDue: ShortList<ActivityDue>;
  /** The secretariat: reports owed past their due day and not submitted. */
  overdueReports: CalendarEntry[];
  /** The secretariat: open action points past their due day, across the network. */
  overdueActionPoints: OverdueActionPoint[];
  documents: ReleasedDocument[];
}

export type ChangeVerb =
  | 'activity.create'
  | 'activity.update'
  | 'activity.progress'
  | 'meeting.create'
  | 'meeting.update'
  | 'meeting.cancel'
  | 'meeting.agenda_publish'
  | 'priorities.draft'
  | 'priorities.revise'
  | 'priorities.consultation_open'
  | 'priorities.agree'
  | 'document.register'
  | 'document.update'
  | 'document.version_add';

/** The changes told on the home page, and what kind of record each names. */
const toldChanges: Record<ChangeVerb, SubjectType> = {
  'activity.create': 'activity',
  'activity.update': 'activity',
  'activity.progress': 'activity',
  'meeting.create': 'meeting',
  'meeting.update': 'meeting',
  'meeting.cancel': 'meeting',
  'meeting.agenda_publish': 'meeting',
  'priorities.draft': 'priorities',
  'priorities.revise': 'priorities',
  'priorities.consultation_open': 'priorities',
  'priorities.agree': 'priorities',
  'document.register': 'document',
  'document.update': 'document',
  'document.version_add': 'document',
};

export interface RecentChange {
  action: ChangeVerb;
  /** The acronym of the organisation of whoever made it; null for the platform itself. */
  organisation: string | null;
  title: string;
  href: string;
  at: string;
}

function daysBefore(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/**
 * The home page's reading of the other features: what waits for the reader and what changed,
 * every query through the visibility rule of the records it names.
 */
export class HomeService {
  constructor(
    private readonly database: Database,
    private readonly texts: DocumentTexts,
  ) {}

  async work(actor: Actor, now = new Date()): Promise<HomeWork> {
    const secretariat = actor.role === 'admin';
    const [
      consultations,
      invitations,
      activitiesDue,
      overdueActionPoints,
      documents,
      overdueReports,
    ] = await Promise.all([
      actor.role === 'admin' || actor.role === 'contact' ? this.consultations(actor) : [],
      secretariat ? [] : this.invitations(actor, now),
      actor.role === 'admin' || actor.role === 'contact'
        ? this.activitiesDue(actor)
        : { items: [], total: 0 },
      secretariat ? this.overdueActionPoints() : [],
      this.releasedDocuments(actor),
      secretariat ? overdueObligations(this.database.db, actor, todayUtc(now)) : [],
    ]);
    return {
      consultations,
      invitations,
      activitiesDue,
      overdueActionPoints,
      documents,
      overdueReports,
    };
  }

  private async consultations(actor: Actor): Promise<OpenConsultation[]> {
    const db = this.database.db;
    const frameworks = await db
      .selectFrom('priority_frameworks')
      .select(['id', 'year', 'version', 'title', 'consultation_deadline'])
      .where(visibleFrameworks(actor))
      .where('status', '=', 'consultation')
      .where('consultation_deadline', '>=', networkToday())
      .orderBy('consultation_deadline')
      .execute();
    if (frameworks.length === 0) return [];
    const [answers, agencies] = await Promise.all([
      db
        .selectFrom('priority_answers')
        .select(['framework_id', 'organisation_id'])
        .where(
          'framework_id',
          'in',
          frameworks.map((f) => f.id),
        )
        .execute(),
      db.selectFrom('organisations').select('id').where('kind', '=', 'agency').execute(),
    ]);
    return frameworks.map((f) => {
      const of = answers.filter((a) => a.framework_id === f.id);
      return {
        year: f.year,
        version: f.version,
        title: f.title,
        deadline: f.consultation_deadline ?? '',
        answers:
          actor.role === 'admin'
            ? new Set(of.map((a) => a.organisation_id)).size
            : of.filter((a) => a.organisation_id === actor.organisationId).length,
        agencies: agencies.length,
      };
    });
  }

  /** Upcoming meetings the reader's organisation is invited to that the reader has not answered. */
  private async invitations(actor: Actor, now: Date): Promise<InvitationToAnswer[]> {
    return this.database.db
      .selectFrom('meetings')
      .select(['id', 'title', 'starts_at as startsAt', 'time_zone as timeZone', 'city'])
      .where(visibleMeetings(actor))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('meeting_invitations')
            .select('meeting_invitations.meeting_id')
            .whereRef('meeting_invitations.meeting_id', '=', 'meetings.id')
            .where('meeting_invitations.organisation_id', '=', actor.organisationId),
        ),
      )
      .where('status', '!=', 'cancelled')
      .where('invitations_sent_at', 'is not', null)
      .where('ends_at', '>', now.toISOString())
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('meeting_participants')
              .select('meeting_participants.id')
              .whereRef('meeting_participants.meeting_id', '=', 'meetings.id')
              .where('meeting_participants.user_id', '=', actor.userId)
              .where('meeting_participants.response', '!=', 'needs-action'),
          ),
        ),
      )
      .orderBy('starts_at')
      .execute();
  }

  /**
   * Activities under way with no progress update for UPDATE_DUE_DAYS, oldest update first: the
   * first the page shows, and how many there are. Cut in the query, since the secretariat's list
   * spans the network: thousands of activities would otherwise be read, sorted and dropped.
   */
  private async activitiesDue(actor: Actor): Promise<ShortList<ActivityDue>> {
    const today = networkToday();
    const dueBefore = daysBefore(today, UPDATE_DUE_DAYS);
    let due = this.database.db
      .selectFrom('scorecard_activities')
      .innerJoin('organisations as lead', 'lead.id', 'scorecard_activities.lead_organisation_id')
      .select([
        'scorecard_activities.id',
        'scorecard_activities.title',
        'lead.acronym as lead',
        // Per activity under way, one step down the index on (activity_id, posted_on): the
        // updates of activities that are not under way are never read.
        (eb) =>
          eb
            .selectFrom('scorecard_updates')
            .select((u) => u.fn.max('scorecard_updates.posted_on').as('lastUpdate'))
            .whereRef('scorecard_updates.activity_id', '=', 'scorecard_activities.id')
            .as('lastUpdate'),
        'scorecard_activities.planned_end as plannedEnd',
      ])
      .where(visibleActivities(actor))
      .where('scorecard_activities.status', 'in', ['planned', 'ongoing'])
      .where('scorecard_activities.planned_start', '<=', dueBefore);
    if (actor.role !== 'admin')
      due = due.where('scorecard_activities.lead_organisation_id', '=', actor.organisationId);
    // Never updated sorts and counts as an empty text, before any day on both databases.
    const lastUpdateOrNone = sql<string>`coalesce(${sql.ref('due.lastUpdate')}, '')`;
    const rows = await this.database.db
      .selectFrom(due.as('due'))
      .selectAll('due')
      .select((eb) => eb.fn.countAll<number>().over().as('total'))
      // Due: not updated since the due day, read from the last update the line shows anyway.
      .where(lastUpdateOrNone, '<', dueBefore)
      .orderBy(lastUpdateOrNone)
      .orderBy('due.title')
      .orderBy('due.id')
      .limit(SHOWN_PER_LIST)
      .execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        lead: r.lead,
        lastUpdate: r.lastUpdate,
        plannedEnd: r.plannedEnd,
      })),
      total: rows[0]?.total ?? 0,
    };
  }

  private async overdueActionPoints(): Promise<OverdueActionPoint[]> {
    return this.database.db
      .selectFrom('meeting_action_points as p')
      .innerJoin('meetings', 'meetings.id', 'p.meeting_id')
      .innerJoin('organisations as owner', 'owner.id', 'p.owner_organisation_id')
      .select([
        'p.id',
        'p.text',
        'owner.acronym as owner',
        'p.due_on as dueOn',
        'meetings.id as meetingId',
        'meetings.title as meetingTitle',
      ])
      .where('p.status', '=', 'open')
      .where('p.due_on', '<', networkToday())
      .orderBy('p.due_on')
      .execute();
  }

  /** Documents released by name to the reader's organisation lately, that the reader may read. */
  private async releasedDocuments(actor: Actor): Promise<ReleasedDocument[]> {
    const db = this.database.db;
    const reader = await readerFor(db, actor);
    const rows = await db
      .selectFrom('documents')
      .selectAll('documents')
      .where(visibleDocuments(reader))
      .where('documents.releasability', '=', 'named')
      .where('documents.originator_organisation_id', '!=', actor.organisationId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('document_releases')
            .select('document_releases.document_id')
            .whereRef('document_releases.document_id', '=', 'documents.id')
            .where('document_releases.organisation_id', '=', actor.organisationId),
        ),
      )
      .where('documents.created_at', '>=', daysBefore(networkToday(), NEWLY_RELEASED_DAYS))
      .orderBy('documents.created_at', 'desc')
      .limit(20)
      .execute();
    const originators = new Map(
      (
        await db
          .selectFrom('organisations')
          .select(['id', 'acronym'])
          .where('kind', '=', 'agency')
          .execute()
      ).map((o) => [o.id, o.acronym]),
    );
    return (await this.texts.withDetails(db, rows)).map((d) => ({
      id: d.id,
      title: d.title,
      registrationNumber: d.registration_number,
      originator: originators.get(d.originator_organisation_id) ?? '',
      registeredOn: d.registered_on,
    }));
  }

  /** The latest changes to records the reader may read, newest first. */
  async recentChanges(actor: Actor): Promise<RecentChange[]> {
    const db = this.database.db;
    const entries = await db
      .selectFrom('audit_log')
      .select(['action', 'target_id', 'actor_organisation', 'at'])
      .where('action', 'in', Object.keys(toldChanges))
      .where('target_id', 'is not', null)
      .orderBy('seq', 'desc')
      .limit(CHANGES_SCANNED)
      .execute();
    const told = entries.flatMap((e) =>
      e.target_id !== null && e.action in toldChanges
        ? [
            {
              action: e.action as ChangeVerb,
              ref: { type: toldChanges[e.action as ChangeVerb], id: e.target_id },
              organisation: e.actor_organisation,
              at: e.at,
            },
          ]
        : [],
    );
    const subjects = await resolveSubjects(
      db,
      this.texts,
      actor,
      told.map((c) => c.ref),
    );
    const changes: RecentChange[] = [];
    for (const change of told) {
      const subject = subjects.get(subjectKey(change.ref));
      if (!subject) continue;
      changes.push({
        action: change.action,
        organisation: change.organisation,
        title: subject.title,
        href: subject.href,
        at: change.at,
      });
      if (changes.length === RECENT_CHANGES) break;
    }
    return changes;
  }
}
