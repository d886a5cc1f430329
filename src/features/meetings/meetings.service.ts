import { loadNameHistory, withNameOnDate, type NameHistory } from '../network/names-on-date.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../app/access.js';
import {
  AppError,
  ConflictError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { Database, Trx } from '../../db/database.js';
import { bumpVersion, claimVersion } from '../../db/versioned.js';
import {
  actionPointStatuses,
  meetingKinds,
  participantKinds,
  participantResponses,
  type ActionPointStatus,
  type Meeting,
  type MeetingKind,
  type MeetingStatus,
  type ParticipantKind,
  type ParticipantResponse,
} from '../../db/schema.js';
import type { AuditLog } from '../audit/audit.service.js';
import { diff, type AuditContext } from '../audit/audit.events.js';
import type { MailQueue } from '../mail/mail-queue.js';
import {
  mayAnswer,
  mayCreateFor,
  mayManage,
  meetingsOfOrganisation,
  visibleMeetings,
  type Viewer,
} from './meetings.policy.js';
import { addDaysToWallClock, canonicalTimeZone, fromWallClock, toWallClock } from './zoned-time.js';
import type { MeetingMail } from './meetings.mail.js';
import { visibleActivities } from '../scorecard/scorecard.policy.js';
import { agreedLinesByKey } from '../priorities/agreed-lines.js';
import { invitedOrganisationIds, notifyOrganisations } from '../notifications/notify.js';

/** Kinds that follow the paper's format: two half days, lunchtime to lunchtime. */
export const twoHalfDayKinds: readonly MeetingKind[] = ['network', 'heads'];
export const DEFAULT_START_TIME = '13:00';

export interface MeetingSummary {
  id: string;
  kind: MeetingKind;
  title: string;
  hostOrganisationId: string;
  hostAcronym: string;
  /** The host's acronym on the meeting's first day, when it was named otherwise. */
  hostAcronymOnDate?: string;
  venue: string;
  city: string;
  timeZone: string;
  /** UTC instants. */
  start: string;
  end: string;
  /** Wall-clock times at the venue, "2017-02-09T13:00". */
  localStart: string;
  localEnd: string;
  status: MeetingStatus;
  capacity: number | null;
  sequence: number;
  version: number;
  updatedAt: string;
}

export interface OrganisationRef {
  id: string;
  acronym: string;
  name: string;
  kind: 'agency' | 'body';
  /** Of an invited organisation: its acronym on the meeting's first day, when it differs. */
  acronymOnDate?: string;
}

export interface ParticipantView {
  id: string;
  kind: ParticipantKind;
  userId: string | null;
  name: string;
  /** Shown only to those who manage the meeting. */
  email: string | null;
  affiliation: string;
  topic: string;
  response: ParticipantResponse;
  respondedAt: string | null;
}

export interface AgendaItemView {
  id: string;
  position: number;
  start: string;
  end: string;
  localStart: string;
  localEnd: string;
  title: string;
  presenter: string;
  notes: string;
  priorityLines: { key: string; label: string; text: string }[];
}

export interface ActionPointView {
  id: string;
  meetingId: string;
  text: string;
  ownerOrganisationId: string;
  ownerAcronym: string;
  dueOn: string;
  status: ActionPointStatus;
  activityId: string | null;
  version: number;
}

export interface MeetingDetail extends MeetingSummary {
  description: string;
  invitations: OrganisationRef[];
  participants: ParticipantView[];
  /** Empty for those who do not manage the meeting until the agenda is published. */
  agenda: AgendaItemView[];
  agendaPublishedAt: string | null;
  invitationsSentAt: string | null;
  minutes: string;
  report: string;
  reportInFinalReport: boolean;
  decisions: { id: string; text: string }[];
  actionPoints: ActionPointView[];
  permissions: { manage: boolean; answer: boolean };
  myResponse: ParticipantResponse | null;
}

export interface MeetingInput {
  kind: MeetingKind;
  title: string;
  description?: string | undefined;
  hostOrganisationId: string;
  venue: string;
  city: string;
  timeZone: string;
  /** Wall-clock time at the venue, "2017-02-09T13:00". */
  start: string;
  /** Omitted: for two-half-day kinds the same time the next day, else the start's day at 17:00. */
  end?: string | undefined;
  capacity?: number | null | undefined;
  invitedOrganisationIds?: string[] | undefined;
}

export type MeetingChanges = Partial<Omit<MeetingInput, 'invitedOrganisationIds'>>;

export interface ParticipantInput {
  kind: ParticipantKind;
  userId?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
  affiliation?: string | undefined;
  topic?: string | undefined;
}

export interface AgendaItemInput {
  start: string;
  end: string;
  title: string;
  presenter?: string | undefined;
  notes?: string | undefined;
  priorityLineKeys?: string[] | undefined;
}

export interface OutcomesInput {
  minutes?: string | undefined;
  report?: string | undefined;
  reportInFinalReport?: boolean | undefined;
}

export interface ActionPointInput {
  text: string;
  ownerOrganisationId: string;
  dueOn: string;
}

/**
 * `upcoming`: meetings not yet over first, soonest first, then those held, latest first; the
 * direction does not apply to it.
 */
export const meetingSortKeys = ['start', 'title', 'upcoming'] as const;
export type MeetingSortKey = (typeof meetingSortKeys)[number];

export interface MeetingListQuery {
  from?: string | undefined;
  until?: string | undefined;
  kind?: MeetingKind | undefined;
  sort: MeetingSortKey;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A real day written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text);
}

function textError(
  errors: FieldError[],
  field: string,
  value: string | undefined,
  max: number,
  required: boolean,
  label: string,
): void {
  const length = (value ?? '').trim().length;
  if (required && length === 0) errors.push({ field, message: `Enter the ${label}.` });
  else if ((value ?? '').length > max)
    errors.push({ field, message: `Keep the ${label} under ${max} characters.` });
}

/** A meeting's summary, its host named as on the meeting's first day at the venue. */
function summaryOf(row: Meeting & { hostAcronym: string }, names: NameHistory): MeetingSummary {
  const host = names.on(
    row.host_organisation_id,
    row.hostAcronym,
    toWallClock(row.starts_at, row.time_zone),
  );
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    hostOrganisationId: row.host_organisation_id,
    hostAcronym: row.hostAcronym,
    ...(host.now === null ? {} : { hostAcronymOnDate: host.acronym }),
    venue: row.venue,
    city: row.city,
    timeZone: row.time_zone,
    start: row.starts_at,
    end: row.ends_at,
    localStart: toWallClock(row.starts_at, row.time_zone),
    localEnd: toWallClock(row.ends_at, row.time_zone),
    status: row.status,
    capacity: row.capacity,
    sequence: row.sequence,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** The year a meeting belongs to, at its venue: the priorities of that year are its own. */
export function yearOf(meeting: Pick<MeetingSummary, 'localStart'>): number {
  return Number(meeting.localStart.slice(0, 4));
}

/** The schedule fields of a meeting, checked and resolved to UTC instants. */
interface Schedule {
  timeZone: string;
  startsAt: string;
  endsAt: string;
}

function resolveSchedule(
  kind: string,
  values: { timeZone: string; start: string; end?: string | undefined },
  errors: FieldError[],
): Schedule | null {
  const known = canonicalTimeZone(values.timeZone.trim());
  if (!known) {
    errors.push({
      field: 'timeZone',
      message: 'Enter a time zone of the IANA database, such as Europe/Lisbon.',
    });
  }
  // Without a zone the times are still checked as written, so every mistake shows at once.
  const timeZone = known ?? 'UTC';
  const startsAt = fromWallClock(values.start, timeZone);
  if (!startsAt) {
    errors.push({
      field: 'start',
      message: `Enter the start as a date and time that exists in ${timeZone}, such as 2017-02-09T13:00.`,
    });
    return null;
  }
  const defaultEnd = (twoHalfDayKinds as readonly string[]).includes(kind)
    ? addDaysToWallClock(values.start, 1)
    : `${values.start.slice(0, 10)}T17:00`;
  const endText = values.end === undefined || values.end === '' ? defaultEnd : values.end;
  const endsAt = fromWallClock(endText, timeZone);
  if (!endsAt) {
    errors.push({
      field: 'end',
      message: `Enter the end as a date and time that exists in ${timeZone}, such as 2017-02-10T13:00.`,
    });
    return null;
  }
  if (endsAt <= startsAt) {
    errors.push({ field: 'end', message: 'The end must be after the start.' });
    return null;
  }
  return known ? { timeZone, startsAt, endsAt } : null;
}

/** Meetings of the network: schedule, invitations, participants, agenda and outcomes. */
export class Meetings {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly mail: MailQueue,
    private readonly mailComposer: MeetingMail,
  ) {}

  private visible(viewer: Viewer) {
    return this.database.db
      .selectFrom('meetings')
      .innerJoin('organisations as host', 'host.id', 'meetings.host_organisation_id')
      .where(visibleMeetings(viewer));
  }

  async list(viewer: Viewer, query: MeetingListQuery): Promise<Page<MeetingSummary>> {
    let base = this.visible(viewer);
    if (query.from) base = base.where('meetings.ends_at', '>=', query.from);
    if (query.until) base = base.where('meetings.starts_at', '<', query.until);
    if (query.kind) base = base.where('meetings.kind', '=', query.kind);
    const now = new Date().toISOString();
    const ordered =
      query.sort === 'upcoming'
        ? base
            .orderBy((eb) => eb.case().when('meetings.ends_at', '<', now).then(1).else(0).end())
            .orderBy(
              (eb) =>
                eb
                  .case()
                  .when('meetings.ends_at', '>=', now)
                  .then(eb.ref('meetings.starts_at'))
                  .end(),
              'asc',
            )
            .orderBy('meetings.starts_at', 'desc')
        : base.orderBy(
            query.sort === 'title' ? 'meetings.title' : 'meetings.starts_at',
            query.direction,
          );
    const [rows, count] = await Promise.all([
      ordered
        .selectAll('meetings')
        .select('host.acronym as hostAcronym')
        .orderBy('meetings.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    const names = await loadNameHistory(this.database.db);
    return {
      items: rows.map((row) => summaryOf(row, names)),
      total: count.total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Every meeting the viewer may see overlapping [from, until), earliest first: for calendars. */
  async between(viewer: Viewer, from?: string, until?: string): Promise<MeetingSummary[]> {
    let query = this.visible(viewer);
    if (from) query = query.where('meetings.ends_at', '>', from);
    if (until) query = query.where('meetings.starts_at', '<', until);
    const rows = await query
      .selectAll('meetings')
      .select('host.acronym as hostAcronym')
      .orderBy('meetings.starts_at')
      .execute();
    const names = await loadNameHistory(this.database.db);
    return rows.map((row) => summaryOf(row, names));
  }

  /** The meetings a user takes part in by name and has not declined: the personal feed. */
  async personal(viewer: Viewer): Promise<MeetingSummary[]> {
    const rows = await this.visible(viewer)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('meeting_participants')
            .select('meeting_participants.id')
            .whereRef('meeting_participants.meeting_id', '=', 'meetings.id')
            .where('meeting_participants.user_id', '=', viewer.userId)
            .where('meeting_participants.response', '!=', 'declined'),
        ),
      )
      .selectAll('meetings')
      .select('host.acronym as hostAcronym')
      .orderBy('meetings.starts_at')
      .execute();
    const names = await loadNameHistory(this.database.db);
    return rows.map((row) => summaryOf(row, names));
  }

  private async summary(viewer: Viewer, id: string): Promise<MeetingSummary> {
    const row = await this.visible(viewer)
      .selectAll('meetings')
      .select('host.acronym as hostAcronym')
      .where('meetings.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such meeting.');
    return summaryOf(row, await loadNameHistory(this.database.db));
  }

  /** A meeting as the viewer may see it; missing and hidden answer alike. */
  async get(viewer: Viewer, id: string): Promise<MeetingDetail> {
    const row = await this.visible(viewer)
      .selectAll('meetings')
      .select('host.acronym as hostAcronym')
      .where('meetings.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such meeting.');
    const db = this.database.db;
    const [invitations, participants, items, links, decisions, actionPoints] = await Promise.all([
      db
        .selectFrom('meeting_invitations')
        .innerJoin('organisations', 'organisations.id', 'meeting_invitations.organisation_id')
        .select([
          'organisations.id',
          'organisations.acronym',
          'organisations.name',
          'organisations.kind',
        ])
        .where('meeting_invitations.meeting_id', '=', id)
        .orderBy('organisations.kind')
        .orderBy('organisations.acronym')
        .execute(),
      db
        .selectFrom('meeting_participants')
        .selectAll()
        .where('meeting_id', '=', id)
        .orderBy('kind')
        .orderBy('name')
        .execute(),
      db
        .selectFrom('meeting_agenda_items')
        .selectAll()
        .where('meeting_id', '=', id)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('meeting_agenda_priority_lines as link')
        .innerJoin('meeting_agenda_items as item', 'item.id', 'link.agenda_item_id')
        .select(['link.agenda_item_id as itemId', 'link.line_key as key'])
        .where('item.meeting_id', '=', id)
        .execute(),
      db
        .selectFrom('meeting_decisions')
        .select(['id', 'text'])
        .where('meeting_id', '=', id)
        .orderBy('position')
        .execute(),
      this.actionPointsQuery(viewer)
        .where('meeting_action_points.meeting_id', '=', id)
        .orderBy('meeting_action_points.due_on')
        .execute(),
    ]);
    const names = await loadNameHistory(db);
    const summary = summaryOf(row, names);
    const manage = mayManage(viewer, summary);
    const invitedIds = invitations.map((o) => o.id);
    const lines = await this.priorityLineLabels(
      summary,
      links.map((l) => l.key),
    );
    const mine = participants.find((p) => p.user_id === viewer.userId);
    return {
      ...summary,
      description: row.description,
      invitations: invitations.map((organisation) =>
        withNameOnDate(names, organisation, summary.localStart),
      ),
      participants: participants.map((p) => ({
        id: p.id,
        kind: p.kind,
        userId: p.user_id,
        name: p.name,
        email: manage ? p.email : null,
        affiliation: p.affiliation,
        topic: p.topic,
        response: p.response,
        respondedAt: p.responded_at,
      })),
      agenda:
        manage || row.agenda_published_at !== null
          ? items.map((item) => ({
              id: item.id,
              position: item.position,
              start: item.starts_at,
              end: item.ends_at,
              localStart: toWallClock(item.starts_at, row.time_zone),
              localEnd: toWallClock(item.ends_at, row.time_zone),
              title: item.title,
              presenter: item.presenter,
              notes: item.notes,
              priorityLines: links
                .filter((l) => l.itemId === item.id)
                .flatMap((l) => lines.get(l.key) ?? []),
            }))
          : [],
      agendaPublishedAt: row.agenda_published_at,
      invitationsSentAt: row.invitations_sent_at,
      minutes: row.minutes,
      report: row.report,
      reportInFinalReport: row.report_in_final_report === 1,
      decisions,
      actionPoints,
      permissions: {
        manage,
        answer:
          row.status === 'scheduled' &&
          mayAnswer(viewer, { ...summary, invitedOrganisationIds: invitedIds }),
      },
      myResponse: mine?.response ?? null,
    };
  }

  /** Action points, each linked to an activity only when the viewer may read that activity. */
  private actionPointsQuery(viewer: Viewer) {
    return this.database.db
      .selectFrom('meeting_action_points')
      .innerJoin(
        'organisations as owner',
        'owner.id',
        'meeting_action_points.owner_organisation_id',
      )
      .select((eb) => [
        'meeting_action_points.id',
        'meeting_action_points.meeting_id as meetingId',
        'meeting_action_points.text',
        'meeting_action_points.owner_organisation_id as ownerOrganisationId',
        'owner.acronym as ownerAcronym',
        'meeting_action_points.due_on as dueOn',
        'meeting_action_points.status',
        eb
          .selectFrom('scorecard_activities')
          .select('scorecard_activities.id')
          .whereRef('scorecard_activities.id', '=', 'meeting_action_points.activity_id')
          .where(visibleActivities(viewer))
          .as('activityId'),
        'meeting_action_points.version',
      ]);
  }

  /**
   * "2017 1.1.3" and the wording of each linked line, as agreed in the meeting's year or before:
   * never from a draft, which most of those who see the meeting may not read.
   */
  private async priorityLineLabels(
    meeting: MeetingSummary,
    keys: string[],
  ): Promise<Map<string, { key: string; label: string; text: string }>> {
    const agreed = await agreedLinesByKey(this.database.db, yearOf(meeting), keys);
    return new Map(
      [...agreed.values()].map((line) => [
        line.key,
        { key: line.key, label: `${String(line.year)} ${line.code}`, text: line.text },
      ]),
    );
  }

  /** Active users of the host and invited organisations not yet on the list: for managers' forms. */
  async attendeeCandidates(
    actor: Actor,
    id: string,
  ): Promise<{ id: string; name: string; acronym: string }[]> {
    const meeting = await this.get(actor, id);
    if (!meeting.permissions.manage) return [];
    const organisationIds = [meeting.hostOrganisationId, ...meeting.invitations.map((o) => o.id)];
    const listed = new Set(meeting.participants.map((p) => p.userId));
    const users = await this.database.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.name', 'organisations.acronym'])
      .where('users.organisation_id', 'in', organisationIds)
      .where('users.disabled_at', 'is', null)
      .orderBy('organisations.acronym')
      .orderBy('users.name')
      .execute();
    return users.filter((u) => !listed.has(u.id));
  }

  /** Open action points owned by the viewer's organisation, in meetings the viewer may see. */
  async openActionPointsOf(
    viewer: Viewer,
  ): Promise<(ActionPointView & { meetingTitle: string })[]> {
    return this.actionPointsQuery(viewer)
      .innerJoin('meetings', 'meetings.id', 'meeting_action_points.meeting_id')
      .where(visibleMeetings(viewer))
      .where('meeting_action_points.owner_organisation_id', '=', viewer.organisationId)
      .where('meeting_action_points.status', '=', 'open')
      .select('meetings.title as meetingTitle')
      .orderBy('meeting_action_points.due_on')
      .execute();
  }

  private async checkOrganisations(
    ids: string[],
    field: string,
    errors: FieldError[],
    kind?: 'agency',
  ): Promise<void> {
    if (ids.length === 0) return;
    const found = await this.database.db
      .selectFrom('organisations')
      .select(['id', 'kind'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    const known = new Set(found.filter((o) => !kind || o.kind === kind).map((o) => o.id));
    if (ids.some((id) => !known.has(id))) {
      errors.push({
        field,
        message: kind ? 'Choose a member agency.' : 'Choose agencies and bodies from the registry.',
      });
    }
  }

  private checkDetails(input: MeetingChanges, creating: boolean, errors: FieldError[]): void {
    const need = (value: unknown) => creating || value !== undefined;
    if (need(input.kind) && !(meetingKinds as readonly string[]).includes(input.kind ?? '')) {
      errors.push({ field: 'kind', message: `Choose a kind: ${meetingKinds.join(', ')}.` });
    }
    if (need(input.title)) textError(errors, 'title', input.title, 300, true, 'title');
    if (input.description !== undefined)
      textError(errors, 'description', input.description, 10_000, false, 'description');
    if (need(input.venue)) textError(errors, 'venue', input.venue, 300, true, 'venue');
    if (need(input.city)) textError(errors, 'city', input.city, 100, true, 'city');
    if (
      input.capacity !== undefined &&
      input.capacity !== null &&
      (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 100_000)
    ) {
      errors.push({ field: 'capacity', message: 'Enter a capacity from 1 to 100,000, or none.' });
    }
  }

  /** Every reason a new meeting would be refused, all at once; nothing is stored. */
  async check(actor: Actor, input: MeetingInput): Promise<FieldError[]> {
    return (await this.checkNew(actor, input)).errors;
  }

  private async checkNew(
    actor: Actor,
    input: MeetingInput,
  ): Promise<{ errors: FieldError[]; schedule: Schedule | null }> {
    const errors: FieldError[] = [];
    this.checkDetails(input, true, errors);
    await this.checkOrganisations(
      [input.hostOrganisationId],
      'hostOrganisationId',
      errors,
      'agency',
    );
    await this.checkOrganisations(
      [...new Set(input.invitedOrganisationIds ?? [])],
      'invitedOrganisationIds',
      errors,
    );
    const schedule = resolveSchedule(input.kind, input, errors);
    if (
      !errors.some((e) => e.field === 'hostOrganisationId') &&
      !mayCreateFor(actor, input.hostOrganisationId)
    ) {
      errors.push({
        field: 'hostOrganisationId',
        message: 'Contact points host meetings of their own agency.',
      });
    }
    return { errors, schedule };
  }

  async create(actor: Actor, context: AuditContext, input: MeetingInput): Promise<MeetingDetail> {
    const { errors, schedule } = await this.checkNew(actor, input);
    if (errors.length > 0 || !schedule) throw new ValidationError(errors);
    const invited = [...new Set(input.invitedOrganisationIds ?? [])];
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('meetings')
        .values({
          id,
          kind: input.kind,
          title: input.title.trim(),
          description: input.description ?? '',
          host_organisation_id: input.hostOrganisationId,
          venue: input.venue.trim(),
          city: input.city.trim(),
          time_zone: schedule.timeZone,
          starts_at: schedule.startsAt,
          ends_at: schedule.endsAt,
          capacity: input.capacity ?? null,
          status: 'scheduled',
          agenda_published_at: null,
          invitations_sent_at: null,
          minutes: '',
          report: '',
          report_in_final_report: 0,
          sequence: 0,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      if (invited.length > 0) {
        await trx
          .insertInto('meeting_invitations')
          .values(invited.map((o) => ({ meeting_id: id, organisation_id: o, created_at: now })))
          .execute();
      }
      await this.audit.record(trx, context, {
        action: 'meeting.create',
        targetType: 'meeting',
        targetId: id,
        changes: {
          kind: input.kind,
          title: input.title.trim(),
          startsAt: schedule.startsAt,
          endsAt: schedule.endsAt,
          timeZone: schedule.timeZone,
          invited: invited.length,
        },
      });
    });
    return this.get(actor, id);
  }

  /** The meeting row for a change by someone who manages it; 404 for anyone else who cannot see it. */
  private async forManager(actor: Actor, id: string): Promise<MeetingSummary> {
    const meeting = await this.summary(actor, id);
    if (!mayManage(actor, meeting)) throw notManager();
    return meeting;
  }

  /**
   * Claims the meeting, at the version the writer saw when it names one, and moves its iCalendar
   * sequence on. The first statement of every change of a meeting.
   */
  private async bump(trx: Trx, id: string, expectedVersion: number | null): Promise<void> {
    if (expectedVersion === null) await bumpVersion(trx, 'meetings', id);
    else await claimVersion(trx, 'meetings', id, expectedVersion);
    await trx
      .updateTable('meetings')
      .set((eb) => ({ sequence: eb('sequence', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async update(
    actor: Actor,
    context: AuditContext,
    id: string,
    changes: MeetingChanges,
    expectedVersion: number,
  ): Promise<MeetingDetail> {
    const meeting = await this.forManager(actor, id);
    if (meeting.status === 'cancelled')
      throw new AppError('meeting_cancelled', 409, 'A cancelled meeting cannot be changed.');
    const errors: FieldError[] = [];
    this.checkDetails(changes, false, errors);
    if (changes.hostOrganisationId !== undefined) {
      await this.checkOrganisations(
        [changes.hostOrganisationId],
        'hostOrganisationId',
        errors,
        'agency',
      );
      if (errors.length === 0 && !mayCreateFor(actor, changes.hostOrganisationId))
        errors.push({
          field: 'hostOrganisationId',
          message: 'Contact points host meetings of their own agency.',
        });
    }
    const scheduleChanged =
      changes.timeZone !== undefined || changes.start !== undefined || changes.end !== undefined;
    const schedule = scheduleChanged
      ? resolveSchedule(
          changes.kind ?? meeting.kind,
          {
            timeZone: changes.timeZone ?? meeting.timeZone,
            start:
              changes.start ?? toWallClock(meeting.start, changes.timeZone ?? meeting.timeZone),
            end: changes.end ?? (changes.start === undefined ? meeting.localEnd : undefined),
          },
          errors,
        )
      : null;
    if (errors.length > 0) throw new ValidationError(errors);
    const before = await this.database.db
      .selectFrom('meetings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const patch = {
      ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
      ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.hostOrganisationId !== undefined
        ? { host_organisation_id: changes.hostOrganisationId }
        : {}),
      ...(changes.venue !== undefined ? { venue: changes.venue.trim() } : {}),
      ...(changes.city !== undefined ? { city: changes.city.trim() } : {}),
      ...(changes.capacity !== undefined ? { capacity: changes.capacity } : {}),
      ...(schedule
        ? { time_zone: schedule.timeZone, starts_at: schedule.startsAt, ends_at: schedule.endsAt }
        : {}),
    };
    // The claim below finds the meeting at this version, so `before` is what it changes.
    if (before.version !== expectedVersion) throw new StaleVersionError(before.version);
    const changed = diff(before, patch);
    if (Object.keys(changed).length === 0) return this.get(actor, id);
    if (schedule) await this.checkAgendaWithin(id, schedule);
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, expectedVersion);
      await trx.updateTable('meetings').set(patch).where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'meeting.update',
        targetType: 'meeting',
        targetId: id,
        changes: changed,
      });
      if (before.invitations_sent_at !== null) await this.enqueueNotices(trx, id, 'update');
    });
    return this.get(actor, id);
  }

  /** A new schedule must still hold every agenda item. */
  private async checkAgendaWithin(id: string, schedule: Schedule): Promise<void> {
    const outside = await this.database.db
      .selectFrom('meeting_agenda_items')
      .select('title')
      .where('meeting_id', '=', id)
      .where((eb) =>
        eb.or([eb('starts_at', '<', schedule.startsAt), eb('ends_at', '>', schedule.endsAt)]),
      )
      .execute();
    if (outside.length > 0) {
      throw new ValidationError([
        {
          field: 'start',
          message: `The new times leave agenda items outside the meeting: ${outside.map((o) => o.title).join(', ')}.`,
        },
      ]);
    }
  }

  async cancel(
    actor: Actor,
    context: AuditContext,
    id: string,
    expectedVersion: number,
  ): Promise<MeetingDetail> {
    const meeting = await this.forManager(actor, id);
    if (meeting.status === 'cancelled')
      throw new AppError('meeting_cancelled', 409, 'The meeting is already cancelled.');
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, expectedVersion);
      const row = await trx
        .updateTable('meetings')
        .set({ status: 'cancelled' })
        .where('id', '=', id)
        .returning('invitations_sent_at')
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, context, {
        action: 'meeting.cancel',
        targetType: 'meeting',
        targetId: id,
        changes: { status: { before: 'scheduled', after: 'cancelled' } },
      });
      if (row.invitations_sent_at !== null) await this.enqueueNotices(trx, id, 'cancel');
    });
    return this.get(actor, id);
  }

  async invite(
    actor: Actor,
    context: AuditContext,
    id: string,
    organisationIds: string[],
  ): Promise<MeetingDetail> {
    await this.forManager(actor, id);
    const errors: FieldError[] = [];
    const ids = [...new Set(organisationIds)];
    if (ids.length === 0)
      errors.push({ field: 'organisationIds', message: 'Choose at least one agency or body.' });
    await this.checkOrganisations(ids, 'organisationIds', errors);
    if (errors.length > 0) throw new ValidationError(errors);
    const now = new Date().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, null);
      await trx
        .insertInto('meeting_invitations')
        .values(ids.map((o) => ({ meeting_id: id, organisation_id: o, created_at: now })))
        .onConflict((oc) => oc.columns(['meeting_id', 'organisation_id']).doNothing())
        .execute();
      await this.audit.record(trx, context, {
        action: 'meeting.update',
        targetType: 'meeting',
        targetId: id,
        changes: { invited: { added: ids } },
      });
    });
    return this.get(actor, id);
  }

  async uninvite(
    actor: Actor,
    context: AuditContext,
    id: string,
    organisationId: string,
  ): Promise<MeetingDetail> {
    await this.forManager(actor, id);
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, null);
      const result = await trx
        .deleteFrom('meeting_invitations')
        .where('meeting_id', '=', id)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0)
        throw new NotFoundError('That organisation is not invited.');
      await this.audit.record(trx, context, {
        action: 'meeting.update',
        targetType: 'meeting',
        targetId: id,
        changes: { invited: { removed: [organisationId] } },
      });
    });
    return this.get(actor, id);
  }

  async addParticipant(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: ParticipantInput,
  ): Promise<MeetingDetail> {
    const meeting = await this.get(actor, id);
    if (!meeting.permissions.manage) throw notManager();
    const errors: FieldError[] = [];
    if (!participantKinds.includes(input.kind))
      errors.push({ field: 'kind', message: 'Choose attendee or speaker.' });
    let values: { user_id: string | null; name: string; email: string | null; affiliation: string };
    if (input.kind === 'attendee') {
      const user = input.userId
        ? await this.database.db
            .selectFrom('users')
            .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
            .select([
              'users.id',
              'users.name',
              'users.email',
              'users.organisation_id',
              'organisations.acronym',
            ])
            .where('users.id', '=', input.userId)
            .where('users.disabled_at', 'is', null)
            .executeTakeFirst()
        : undefined;
      const invited = [meeting.hostOrganisationId, ...meeting.invitations.map((o) => o.id)];
      if (!user || !invited.includes(user.organisation_id)) {
        errors.push({
          field: 'userId',
          message: 'Choose a user of the host or of an invited agency or body.',
        });
      } else if (meeting.participants.some((p) => p.userId === user.id)) {
        errors.push({ field: 'userId', message: 'This user is already on the list.' });
      }
      values = {
        user_id: user?.id ?? null,
        name: user?.name ?? '',
        email: user?.email ?? null,
        affiliation: user?.acronym ?? '',
      };
    } else {
      textError(errors, 'name', input.name, 200, true, 'name');
      textError(errors, 'affiliation', input.affiliation, 200, false, 'affiliation');
      const email = (input.email ?? '').trim();
      if (email !== '' && (!EMAIL.test(email) || email.length > 254))
        errors.push({
          field: 'email',
          message: 'Enter an e-mail address such as name@example.eu, or none.',
        });
      values = {
        user_id: null,
        name: (input.name ?? '').trim(),
        email: email === '' ? null : email.toLowerCase(),
        affiliation: (input.affiliation ?? '').trim(),
      };
    }
    textError(errors, 'topic', input.topic, 300, false, 'topic');
    if (
      meeting.capacity !== null &&
      meeting.participants.filter((p) => p.response !== 'declined').length >= meeting.capacity
    ) {
      errors.push({
        field: 'kind',
        message: `The venue holds ${meeting.capacity}: the list is full.`,
      });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    const participantId = randomUUID();
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, null);
      await trx
        .insertInto('meeting_participants')
        .values({
          id: participantId,
          meeting_id: id,
          kind: input.kind,
          ...values,
          topic: (input.topic ?? '').trim(),
          response: input.kind === 'speaker' ? 'accepted' : 'needs-action',
          responded_at: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      await this.audit.record(trx, context, {
        action: 'meeting.participant_add',
        targetType: 'meeting',
        targetId: id,
        changes: { participant: participantId, kind: input.kind, name: values.name },
      });
    });
    return this.get(actor, id);
  }

  async removeParticipant(
    actor: Actor,
    context: AuditContext,
    id: string,
    participantId: string,
  ): Promise<MeetingDetail> {
    await this.forManager(actor, id);
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, null);
      const removed = await trx
        .deleteFrom('meeting_participants')
        .where('id', '=', participantId)
        .where('meeting_id', '=', id)
        .returning('name')
        .executeTakeFirst();
      if (!removed) throw new NotFoundError('No such participant.');
      await this.audit.record(trx, context, {
        action: 'meeting.participant_remove',
        targetType: 'meeting',
        targetId: id,
        changes: { participant: participantId, name: removed.name },
      });
    });
    return this.get(actor, id);
  }

  /** The signed-in user's own answer: accepted, declined or tentative. */
  async respond(
    actor: Actor,
    context: AuditContext,
    id: string,
    response: ParticipantResponse,
  ): Promise<MeetingDetail> {
    const meeting = await this.get(actor, id);
    if (!meeting.permissions.answer) {
      if (meeting.status === 'cancelled') {
        throw new ConflictError('The meeting is cancelled.', 'meeting_cancelled');
      }
      throw new NotFoundError('No such invitation to answer.');
    }
    if (response === 'needs-action' || !participantResponses.includes(response)) {
      throw new ValidationError([
        { field: 'response', message: 'Answer accepted, declined or tentative.' },
      ]);
    }
    const mine = meeting.participants.find((p) => p.userId === actor.userId);
    const comingCount = meeting.participants.filter(
      (p) => p.response !== 'declined' && p.userId !== actor.userId,
    ).length;
    if (response !== 'declined' && meeting.capacity !== null && comingCount >= meeting.capacity) {
      throw new ConflictFull(meeting.capacity);
    }
    const now = new Date().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      if (mine) {
        await trx
          .updateTable('meeting_participants')
          .set({ response, responded_at: now })
          .where('id', '=', mine.id)
          .execute();
      } else {
        await trx
          .insertInto('meeting_participants')
          .values({
            id: randomUUID(),
            meeting_id: id,
            kind: 'attendee',
            user_id: actor.userId,
            name: actor.name,
            email: actor.email,
            affiliation: actor.organisationAcronym,
            topic: '',
            response,
            responded_at: now,
            created_at: now,
          })
          .execute();
      }
      await this.audit.record(trx, context, {
        action: 'meeting.respond',
        targetType: 'meeting',
        targetId: id,
        changes: { response: { before: mine?.response ?? null, after: response } },
      });
    });
    return this.get(actor, id);
  }

  async addAgendaItem(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: AgendaItemInput,
  ): Promise<MeetingDetail> {
    const meeting = await this.forManager(actor, id);
    const errors: FieldError[] = [];
    textError(errors, 'title', input.title, 300, true, 'title');
    textError(errors, 'presenter', input.presenter, 200, false, 'presenter');
    textError(errors, 'notes', input.notes, 5000, false, 'notes');
    const startsAt = fromWallClock(input.start, meeting.timeZone);
    const endsAt = fromWallClock(input.end, meeting.timeZone);
    if (!startsAt)
      errors.push({
        field: 'start',
        message: 'Enter the start as a date and time, such as 2017-02-09T14:00.',
      });
    if (!endsAt)
      errors.push({
        field: 'end',
        message: 'Enter the end as a date and time, such as 2017-02-09T15:30.',
      });
    if (startsAt && endsAt) {
      if (endsAt <= startsAt)
        errors.push({ field: 'end', message: 'The end must be after the start.' });
      else if (startsAt < meeting.start || endsAt > meeting.end)
        errors.push({
          field: 'start',
          message: `The item must fall within the meeting, from ${meeting.localStart.replace('T', ' ')} to ${meeting.localEnd.replace('T', ' ')} (${meeting.timeZone}).`,
        });
    }
    const keys = [...new Set(input.priorityLineKeys ?? [])];
    if (keys.length > 0) {
      const agreed = await agreedLinesByKey(this.database.db, yearOf(meeting), keys);
      if (keys.some((k) => !agreed.has(k)))
        errors.push({
          field: 'priorityLineKeys',
          message: 'Choose lines of action of the agreed priorities.',
        });
    }
    if (errors.length > 0 || !startsAt || !endsAt) throw new ValidationError(errors);
    const itemId = randomUUID();
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, null);
      const last = await trx
        .selectFrom('meeting_agenda_items')
        .select((eb) => eb.fn.max('position').as('position'))
        .where('meeting_id', '=', id)
        .executeTakeFirst();
      await trx
        .insertInto('meeting_agenda_items')
        .values({
          id: itemId,
          meeting_id: id,
          position: (last?.position ?? 0) + 1,
          starts_at: startsAt,
          ends_at: endsAt,
          title: input.title.trim(),
          presenter: (input.presenter ?? '').trim(),
          notes: input.notes ?? '',
          created_at: new Date().toISOString(),
        })
        .execute();
      if (keys.length > 0) {
        await trx
          .insertInto('meeting_agenda_priority_lines')
          .values(keys.map((line_key) => ({ agenda_item_id: itemId, line_key })))
          .execute();
      }
      await this.renumberAgenda(trx, id);
      await this.audit.record(trx, context, {
        action: 'meeting.agenda_item_add',
        targetType: 'meeting',
        targetId: id,
        changes: { item: itemId, title: input.title.trim(), startsAt, endsAt, priorityLines: keys },
      });
    });
    return this.get(actor, id);
  }

  /** Items are ordered by time; ties keep the order they were added in. */
  private async renumberAgenda(trx: Trx, id: string): Promise<void> {
    const items = await trx
      .selectFrom('meeting_agenda_items')
      .select(['id', 'position'])
      .where('meeting_id', '=', id)
      .orderBy('starts_at')
      .orderBy('position')
      .execute();
    for (const [index, item] of items.entries()) {
      if (item.position !== index + 1) {
        await trx
          .updateTable('meeting_agenda_items')
          .set({ position: index + 1 })
          .where('id', '=', item.id)
          .execute();
      }
    }
  }

  async removeAgendaItem(
    actor: Actor,
    context: AuditContext,
    id: string,
    itemId: string,
  ): Promise<MeetingDetail> {
    await this.forManager(actor, id);
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, null);
      const removed = await trx
        .deleteFrom('meeting_agenda_items')
        .where('id', '=', itemId)
        .where('meeting_id', '=', id)
        .returning('title')
        .executeTakeFirst();
      if (!removed) throw new NotFoundError('No such agenda item.');
      await this.renumberAgenda(trx, id);
      await this.audit.record(trx, context, {
        action: 'meeting.agenda_item_remove',
        targetType: 'meeting',
        targetId: id,
        changes: { item: itemId, title: removed.title },
      });
    });
    return this.get(actor, id);
  }

  /** Makes the agenda readable by everyone who may see the meeting. */
  async publishAgenda(actor: Actor, context: AuditContext, id: string): Promise<MeetingDetail> {
    await this.forManager(actor, id);
    const now = new Date().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, null);
      await trx
        .updateTable('meetings')
        .set({ agenda_published_at: now })
        .where('id', '=', id)
        .execute();
      await this.audit.record(trx, context, {
        action: 'meeting.agenda_publish',
        targetType: 'meeting',
        targetId: id,
        changes: { publishedAt: now },
      });
    });
    return this.get(actor, id);
  }

  /** Sends the invitation (iCalendar REQUEST) to everyone invited, and marks it sent. */
  async sendInvitations(
    actor: Actor,
    context: AuditContext,
    id: string,
  ): Promise<{ queued: number }> {
    const meeting = await this.forManager(actor, id);
    if (meeting.status === 'cancelled')
      throw new AppError('meeting_cancelled', 409, 'A cancelled meeting sends no invitations.');
    let queued = 0;
    await this.database.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      await trx
        .updateTable('meetings')
        .set({ invitations_sent_at: now })
        .where('id', '=', id)
        .execute();
      queued = await this.enqueueNotices(trx, id, 'invitation');
      await notifyOrganisations(trx, {
        kind: 'meeting_invitation',
        subjectId: id,
        organisationIds: await invitedOrganisationIds(trx, id),
      });
      await this.audit.record(trx, context, {
        action: 'meeting.invitations_send',
        targetType: 'meeting',
        targetId: id,
        changes: { recipients: queued, sentAt: now },
      });
    });
    return { queued };
  }

  /**
   * Queues a notice to everyone concerned: the contact points and observers of the host and
   * invited organisations, and the named participants with an address.
   */
  private async enqueueNotices(
    trx: Trx,
    id: string,
    notice: 'invitation' | 'update' | 'cancel',
  ): Promise<number> {
    const meeting = await trx
      .selectFrom('meetings')
      .innerJoin('organisations as host', 'host.id', 'meetings.host_organisation_id')
      .selectAll('meetings')
      .select('host.acronym as hostAcronym')
      .where('meetings.id', '=', id)
      .executeTakeFirstOrThrow();
    const organisationIds = [
      meeting.host_organisation_id,
      ...(
        await trx
          .selectFrom('meeting_invitations')
          .select('organisation_id')
          .where('meeting_id', '=', id)
          .execute()
      ).map((r) => r.organisation_id),
    ];
    const [users, participants] = await Promise.all([
      trx
        .selectFrom('users')
        .select(['name', 'email'])
        .where('organisation_id', 'in', organisationIds)
        .where('role', 'in', ['contact', 'observer'])
        .where('disabled_at', 'is', null)
        .execute(),
      // A listed user whose organisation is no longer host or invited no longer sees the meeting.
      trx
        .selectFrom('meeting_participants')
        .leftJoin('users', 'users.id', 'meeting_participants.user_id')
        .select(['meeting_participants.name', 'meeting_participants.email'])
        .where('meeting_participants.meeting_id', '=', id)
        .where('meeting_participants.email', 'is not', null)
        .where((eb) =>
          eb.or([
            eb('meeting_participants.user_id', 'is', null),
            eb('users.organisation_id', 'in', organisationIds),
          ]),
        )
        .execute(),
    ]);
    const recipients = new Map<string, string>();
    for (const person of [...users, ...participants]) {
      if (person.email) recipients.set(person.email.toLowerCase(), person.name);
    }
    // Everyone written to may read a published agenda, and no one an unpublished one.
    const agenda =
      meeting.agenda_published_at === null
        ? []
        : (
            await trx
              .selectFrom('meeting_agenda_items')
              .select(['starts_at', 'ends_at', 'title', 'presenter'])
              .where('meeting_id', '=', id)
              .orderBy('position')
              .execute()
          ).map((item) => ({
            localStart: toWallClock(item.starts_at, meeting.time_zone),
            localEnd: toWallClock(item.ends_at, meeting.time_zone),
            title: item.title,
            presenter: item.presenter,
          }));
    const names = await loadNameHistory(trx);
    const messages = [...recipients].map(([email, name]) =>
      this.mailComposer.notice(
        summaryOf(meeting, names),
        meeting.description,
        notice,
        { name, email },
        agenda,
      ),
    );
    await this.mail.enqueue(trx, messages);
    return messages.length;
  }

  async updateOutcomes(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: OutcomesInput,
    expectedVersion: number,
  ): Promise<MeetingDetail> {
    await this.forManager(actor, id);
    const errors: FieldError[] = [];
    textError(errors, 'minutes', input.minutes, 100_000, false, 'minutes');
    textError(errors, 'report', input.report, 100_000, false, 'report');
    if (errors.length > 0) throw new ValidationError(errors);
    const before = await this.database.db
      .selectFrom('meetings')
      .select(['minutes', 'report', 'report_in_final_report', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (before.version !== expectedVersion) throw new StaleVersionError(before.version);
    const patch = {
      ...(input.minutes !== undefined ? { minutes: input.minutes } : {}),
      ...(input.report !== undefined ? { report: input.report } : {}),
      ...(input.reportInFinalReport !== undefined
        ? { report_in_final_report: input.reportInFinalReport ? 1 : 0 }
        : {}),
    };
    const changed = Object.keys(diff(before, patch));
    // Outcomes sent as they are stored (or none at all) change nothing.
    if (changed.length === 0) return this.get(actor, id);
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, expectedVersion);
      await trx.updateTable('meetings').set(patch).where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'meeting.outcomes_update',
        targetType: 'meeting',
        targetId: id,
        changes: Object.fromEntries(changed.map((k) => [k, 'changed'])),
      });
    });
    return this.get(actor, id);
  }

  async addDecision(
    actor: Actor,
    context: AuditContext,
    id: string,
    text: string,
  ): Promise<MeetingDetail> {
    await this.forManager(actor, id);
    const errors: FieldError[] = [];
    textError(errors, 'text', text, 5000, true, 'decision');
    if (errors.length > 0) throw new ValidationError(errors);
    await this.database.db.transaction().execute(async (trx) => {
      await this.bump(trx, id, null);
      const last = await trx
        .selectFrom('meeting_decisions')
        .select((eb) => eb.fn.max('position').as('position'))
        .where('meeting_id', '=', id)
        .executeTakeFirst();
      const decisionId = randomUUID();
      await trx
        .insertInto('meeting_decisions')
        .values({
          id: decisionId,
          meeting_id: id,
          position: (last?.position ?? 0) + 1,
          text: text.trim(),
          created_at: new Date().toISOString(),
        })
        .execute();
      await this.audit.record(trx, context, {
        action: 'meeting.decision_add',
        targetType: 'meeting',
        targetId: id,
        changes: { decision: decisionId },
      });
    });
    return this.get(actor, id);
  }

  async addActionPoint(
    actor: Actor,
    context: AuditContext,
    id: string,
    input: ActionPointInput,
  ): Promise<ActionPointView> {
    const meeting = await this.get(actor, id);
    if (!meeting.permissions.manage) throw notManager();
    const errors: FieldError[] = [];
    textError(errors, 'text', input.text, 5000, true, 'action point');
    const owners = [meeting.hostOrganisationId, ...meeting.invitations.map((o) => o.id)];
    if (!owners.includes(input.ownerOrganisationId))
      errors.push({
        field: 'ownerOrganisationId',
        message: 'Choose the host or an invited agency or body as the owner.',
      });
    if (!isCalendarDate(input.dueOn))
      errors.push({ field: 'dueOn', message: 'Enter the due date: a real day, month and year.' });
    if (errors.length > 0) throw new ValidationError(errors);
    const pointId = randomUUID();
    const now = new Date().toISOString();
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('meeting_action_points')
        .values({
          id: pointId,
          meeting_id: id,
          text: input.text.trim(),
          owner_organisation_id: input.ownerOrganisationId,
          due_on: input.dueOn,
          status: 'open',
          activity_id: null,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.audit.record(trx, context, {
        action: 'meeting.action_point_add',
        targetType: 'action_point',
        targetId: pointId,
        changes: { meeting: id, owner: input.ownerOrganisationId, dueOn: input.dueOn },
      });
      await notifyOrganisations(trx, {
        kind: 'action_point',
        subjectId: pointId,
        organisationIds: [input.ownerOrganisationId],
      });
    });
    return this.actionPoint(actor, id, pointId);
  }

  private async actionPoint(
    viewer: Viewer,
    meetingId: string,
    pointId: string,
  ): Promise<ActionPointView> {
    await this.summary(viewer, meetingId);
    const point = await this.actionPointsQuery(viewer)
      .where('meeting_action_points.id', '=', pointId)
      .where('meeting_action_points.meeting_id', '=', meetingId)
      .executeTakeFirst();
    if (!point) throw new NotFoundError('No such action point.');
    return point;
  }

  /**
   * Marks an action point done or open again, or links it to the scorecard activity that carries
   * it out (null unlinks): the meeting's managers or the owner's contact points. The activity
   * must be one the user may read.
   */
  async updateActionPoint(
    actor: Actor,
    context: AuditContext,
    meetingId: string,
    pointId: string,
    changes: { status?: ActionPointStatus | undefined; activityId?: string | null | undefined },
    expectedVersion: number,
  ): Promise<ActionPointView> {
    const meeting = await this.summary(actor, meetingId);
    const point = await this.actionPoint(actor, meetingId, pointId);
    const ownerContact =
      actor.role === 'contact' && actor.organisationId === point.ownerOrganisationId;
    if (!mayManage(actor, meeting) && !ownerContact) {
      throw new NotFoundError('No such action point you may update.');
    }
    if (changes.status !== undefined && !actionPointStatuses.includes(changes.status))
      throw new ValidationError([{ field: 'status', message: 'Choose open or done.' }]);
    // The claim below finds the point at this version, so `point` is what it changes.
    if (point.version !== expectedVersion) throw new StaleVersionError(point.version);
    const recorded = diff(
      { status: point.status, activityId: point.activityId },
      { status: changes.status, activityId: changes.activityId },
    );
    if (Object.keys(recorded).length === 0) return point;
    if (changes.activityId) {
      const activity = await this.database.db
        .selectFrom('scorecard_activities')
        .select('id')
        .where('id', '=', changes.activityId)
        .where(visibleActivities(actor))
        .executeTakeFirst();
      if (!activity)
        throw new ValidationError([{ field: 'activityId', message: 'No such activity.' }]);
    }
    await this.database.db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'meeting_action_points', pointId, expectedVersion);
      await trx
        .updateTable('meeting_action_points')
        .set({
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(changes.activityId !== undefined ? { activity_id: changes.activityId } : {}),
        })
        .where('id', '=', pointId)
        .execute();
      await this.audit.record(trx, context, {
        action: 'meeting.action_point_update',
        targetType: 'action_point',
        targetId: pointId,
        changes: recorded,
      });
    });
    return this.actionPoint(actor, meetingId, pointId);
  }

  /**
   * Queues a reminder to the owner's contact points for each open action point due within a
   * week. One reminder per action point and due date, however many processes run this.
   */
  async enqueueActionPointReminders(today = new Date()): Promise<number> {
    const from = today.toISOString().slice(0, 10);
    const weekLater = new Date(today.getTime() + 7 * 24 * 60 * 60 * 1000)
      .toISOString()
      .slice(0, 10);
    const db = this.database.db;
    const points = await db
      .selectFrom('meeting_action_points as point')
      .innerJoin('meetings', 'meetings.id', 'point.meeting_id')
      .select([
        'point.id',
        'point.text',
        'point.due_on',
        'point.owner_organisation_id',
        'meetings.id as meetingId',
        'meetings.title',
      ])
      .where('point.status', '=', 'open')
      .where('point.due_on', '>=', from)
      .where('point.due_on', '<=', weekLater)
      // The reminder names the meeting: its owner must still be one that sees it.
      .where(meetingsOfOrganisation(sql.ref<string>('point.owner_organisation_id')))
      .execute();
    if (points.length === 0) return 0;
    const contacts = await db
      .selectFrom('users')
      .select(['name', 'email', 'organisation_id'])
      .where('organisation_id', 'in', [...new Set(points.map((p) => p.owner_organisation_id))])
      .where('role', '=', 'contact')
      .where('disabled_at', 'is', null)
      .execute();
    const messages = points.flatMap((point) =>
      contacts
        .filter((c) => c.organisation_id === point.owner_organisation_id)
        .map((contact) =>
          this.mailComposer.reminder(
            { id: point.id, text: point.text, dueOn: point.due_on },
            { id: point.meetingId, title: point.title },
            { name: contact.name, email: contact.email },
          ),
        ),
    );
    await this.mail.enqueue(db, messages);
    return messages.length;
  }
}

/**
 * The caller sees the meeting but may not change it: answered like a hidden record, as every
 * refusal in the platform is, so that no route tells more than a read does.
 */
function notManager(): AppError {
  return new NotFoundError('No such meeting you may manage.');
}

/** The venue is full: no more acceptances. */
class ConflictFull extends AppError {
  constructor(capacity: number) {
    super('meeting_full', 409, `The venue holds ${capacity} people and the list is full.`);
  }
}
