import type { Actor } from '../../app/access.js';
import { isCalendarDate, todayUtc } from '../../app/dates.js';
import { ValidationError } from '../../app/errors.js';
import { translator, type MessageKey } from '../../app/i18n/i18n.js';
import type { Services } from '../../app/services.js';
import { activityKinds, activityStatuses } from '../../db/schema.js';
import { visibleMeetings } from '../meetings/meetings.policy.js';
import { loadNameHistory } from '../network/names-on-date.js';
import type { SectionOutline } from '../scorecard/scorecard.views.js';
import { scorecardViewsOf } from '../scorecard/scorecard.views.service.js';
import type { ActivityView } from '../scorecard/scorecard.model.js';
import {
  infographicPng,
  infographicSvg,
  type InfographicData,
  type InfographicFigure,
} from './outputs/infographic.js';

type InfographicServices = Pick<Services, 'database' | 'scorecard' | 'priorities' | 'network'>;

/** The last day a year's infographic may describe: the year's end, or today within the year. */
export function defaultAsOf(year: number, today = todayUtc()): string {
  const end = `${String(year)}-12-31`;
  return today < end ? today : end;
}

/** The infographic's figures counted from activities, sections and agencies a reader may see. */
export function countInfographic(input: {
  year: number;
  asOf: string;
  sections: readonly SectionOutline[];
  activities: readonly ActivityView[];
  agencies: readonly { id: string; acronym: string }[];
  meetings: readonly { title: string; date: string }[];
  label: (key: MessageKey) => string;
}): InfographicData {
  const { sections, activities } = input;
  const sectionOf = new Map<string, number>();
  sections.forEach((section, index) => {
    for (const line of section.lines) sectionOf.set(line.key, index);
  });
  const servedLines = new Set(activities.flatMap((a) => a.lines.map((l) => l.key)));
  const sectionsServed = (activity: ActivityView) =>
    new Set(activity.lines.flatMap((l) => sectionOf.get(l.key) ?? []));
  const involvement = new Map(input.agencies.map((a) => [a.id, sections.map(() => 0)]));
  for (const activity of activities) {
    const served = sectionsServed(activity);
    const agencies = new Set([activity.lead.id, ...activity.participants.map((p) => p.id)]);
    for (const agency of agencies) {
      const row = involvement.get(agency);
      if (!row) continue;
      for (const index of served) row[index] = (row[index] ?? 0) + 1;
    }
  }
  const products = activityKinds
    .map((kind) => ({
      kind: input.label(`scorecard.kind.${kind}`),
      count: activities
        .filter((a) => a.kind === kind)
        .reduce((sum, a) => sum + a.deliverables.length, 0),
    }))
    .filter((p) => p.count > 0);
  return {
    year: input.year,
    asOf: input.asOf,
    activitiesByStatus: activityStatuses.map((status) => ({
      status,
      label: input.label(`scorecard.status.${status}`),
      count: activities.filter((a) => a.status === status).length,
    })),
    sections: sections.map((section) => ({
      code: section.number,
      title: section.title,
      lines: section.lines.length,
      coveredLines: section.lines.filter((line) => servedLines.has(line.key)).length,
    })),
    agencies: input.agencies.map((agency) => ({
      name: agency.acronym,
      involvement: involvement.get(agency.id) ?? [],
    })),
    meetings: input.meetings,
    products,
  };
}

/**
 * The one-page infographic of a year as a reader sees it: the activities the reader may see as
 * they stood on the day, the meetings the reader may see held by then, and the deliverables of
 * those activities as the products. What the reader may not see never feeds a number.
 */
export class YearInfographic {
  constructor(private readonly services: InfographicServices) {}

  async data(actor: Actor, year: number, asOf?: string): Promise<InfographicData> {
    const day = asOf ?? defaultAsOf(year);
    if (!isCalendarDate(day) || day < `${String(year)}-01-01` || day > `${String(year + 1)}-12-31`)
      throw new ValidationError([
        {
          field: 'asOf',
          message: `Enter the day the figures describe, in ${String(year)} or ${String(year + 1)}.`,
        },
      ]);
    const views = scorecardViewsOf(this.services);
    const db = this.services.database.db;
    const [sections, activities, agencies, names, meetings] = await Promise.all([
      views.sections(actor, year),
      views.activities(actor, { year, asOf: day }),
      this.services.network.list('agency', { sort: 'acronym', direction: 'asc' }),
      loadNameHistory(db),
      db
        .selectFrom('meetings')
        .select(['title', 'starts_at'])
        .where('status', '=', 'scheduled')
        .where('starts_at', '>=', `${String(year)}-01-01`)
        .where('starts_at', '<', `${String(year + 1)}-01-01`)
        .where('ends_at', '<=', `${day}T23:59:59.999Z`)
        .where(visibleMeetings(actor))
        .orderBy('starts_at')
        .orderBy('id')
        .execute(),
    ]);
    const english = translator('en');
    return countInfographic({
      year,
      asOf: day,
      sections,
      activities,
      agencies: agencies.map((a) => ({
        id: a.id,
        acronym: names.on(a.id, a.acronym, day).acronym,
      })),
      meetings: meetings.map((m) => ({ title: m.title, date: m.starts_at.slice(0, 10) })),
      label: (key) => english(key),
    });
  }

  async figures(
    actor: Actor,
    year: number,
    asOf?: string,
  ): Promise<{ data: InfographicData; figures: readonly InfographicFigure[] }> {
    const data = await this.data(actor, year, asOf);
    return { data, figures: infographicSvg(data).figures };
  }

  async svg(actor: Actor, year: number, asOf?: string): Promise<string> {
    return infographicSvg(await this.data(actor, year, asOf)).svg;
  }

  async png(actor: Actor, year: number, asOf?: string): Promise<Buffer> {
    return infographicPng(await this.data(actor, year, asOf));
  }
}
