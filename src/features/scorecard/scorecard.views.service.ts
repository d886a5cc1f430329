import type { Actor } from '../../app/access.js';
import type { Services } from '../../app/services.js';
import { todayUtc } from '../../app/dates.js';
import { NotFoundError } from '../../app/errors.js';
import type { Database } from '../../db/database.js';
import { activityStatuses, type ActivityStatus } from '../../db/schema.js';
import type { Network } from '../network/network.service.js';
import type { Priorities } from '../priorities/priorities.service.js';
import type { ActivityView, ScorecardFilters } from './scorecard.model.js';
import { revisionsUntil } from './scorecard.repository.js';
import type { Scorecard } from './scorecard.service.js';
import { filterSnapshots } from './scorecard.snapshots.js';
import {
  agencyFigures,
  assessmentBuckets,
  type AssessmentBucket,
  assessmentOverTime,
  capGroups,
  coverage,
  monthEnds,
  statusBySection,
  timelineGroups,
  type AgencyFigures,
  type AssessmentOnDay,
  type Coverage,
  type SectionOutline,
  type SectionStatus,
  type TimelineGroup,
  type TimelineGrouping,
} from './scorecard.views.js';

/** The scorecard's filters with the day to read it on: the views take what the table takes. */

/** The dashboard's first figures: each activity counted once, whatever lines it serves. */
export interface DashboardHeadline {
  activities: number;
  byStatus: Record<ActivityStatus, number>;
  byAssessment: Record<AssessmentBucket, number>;
}

export interface DashboardFigures {
  headline: DashboardHeadline;
  statusBySection: SectionStatus[];
  agencies: { acronym: string; name: string; leads: number; joins: number }[];
  assessmentOverTime: AssessmentOnDay[];
}

export interface TimelineView {
  groups: TimelineGroup[];
  shown: number;
  total: number;
}

/**
 * The summaries of the scorecard. Every one starts from the activities the scorecard itself
 * answers for the actor and the filters, so a summary never counts what the table would hide.
 */
export class ScorecardViews {
  constructor(
    private readonly database: Database,
    private readonly scorecard: Scorecard,
    private readonly priorities: Priorities,
    private readonly network: Network,
  ) {}

  activities(actor: Actor, filters: ScorecardFilters): Promise<ActivityView[]> {
    return this.scorecard.all(actor, { ...filters, sort: 'start', direction: 'asc' });
  }

  /** The sections of the year's agreed priorities; none while nothing is agreed. */
  async sections(actor: Actor, year: number): Promise<SectionOutline[]> {
    try {
      const framework = await this.priorities.get(actor, year);
      if (framework.status !== 'agreed') return [];
      return framework.sections.map((section) => ({
        number: section.number,
        title: section.title,
        lines: section.lines.map(({ key, number, text }) => ({ key, number, text })),
      }));
    } catch (error) {
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  }

  async agencies(actor: Actor, filters: ScorecardFilters): Promise<AgencyFigures[]> {
    const [activities, agencies] = await Promise.all([
      this.activities(actor, filters),
      this.network.list('agency', { sort: 'acronym', direction: 'asc' }),
    ]);
    return agencyFigures(activities, agencies);
  }

  async coverage(actor: Actor, filters: ScorecardFilters): Promise<Coverage> {
    const [activities, sections] = await Promise.all([
      this.activities(actor, filters),
      this.sections(actor, filters.year),
    ]);
    return coverage(activities, sections);
  }

  async timeline(
    actor: Actor,
    filters: ScorecardFilters,
    grouping: TimelineGrouping,
    cap: number,
  ): Promise<TimelineView> {
    const [activities, sections] = await Promise.all([
      this.activities(actor, filters),
      this.sections(actor, filters.year),
    ]);
    return capGroups(timelineGroups(activities, grouping, sections), cap);
  }

  /**
   * The dashboard's figures. Status and agencies read the scorecard on `asOf` (or now); the
   * assessments are read at the end of each month of the year up to `asOf` (or today), from
   * the revisions loaded once, with the same filters applied to each month's snapshots.
   */
  async dashboard(
    actor: Actor,
    filters: ScorecardFilters,
    today = todayUtc(),
  ): Promise<DashboardFigures> {
    const until = filters.asOf ?? today;
    const [activities, sections, agencies, vocabulary, revisions] = await Promise.all([
      this.activities(actor, filters),
      this.sections(actor, filters.year),
      this.network.list('agency', { sort: 'acronym', direction: 'asc' }),
      this.scorecard.vocabulary(filters.year),
      revisionsUntil(this.database.db, actor, filters.year, until),
    ]);
    const query = { ...filters, sort: 'title' as const, direction: 'asc' as const };
    return {
      headline: dashboardHeadline(activities),
      statusBySection: statusBySection(activities, sections),
      agencies: agencyFigures(activities, agencies).map((figures) => ({
        acronym: figures.agency.acronym,
        name: figures.agency.name,
        leads: figures.leads,
        joins: figures.joins,
      })),
      assessmentOverTime: assessmentOverTime(
        revisions,
        monthEnds(filters.year, until),
        actor.role === 'observer',
        (views) => filterSnapshots(views, query, vocabulary),
      ),
    };
  }
}

/** The views over a platform's services: they need nothing of their own. */
export function scorecardViewsOf(
  services: Pick<Services, 'database' | 'scorecard' | 'priorities' | 'network'>,
): ScorecardViews {
  return new ScorecardViews(
    services.database,
    services.scorecard,
    services.priorities,
    services.network,
  );
}

function dashboardHeadline(
  activities: readonly Pick<ActivityView, 'status' | 'assessment'>[],
): DashboardHeadline {
  const byStatus = Object.fromEntries(activityStatuses.map((s) => [s, 0])) as Record<
    ActivityStatus,
    number
  >;
  const byAssessment = Object.fromEntries(assessmentBuckets.map((b) => [b, 0])) as Record<
    AssessmentBucket,
    number
  >;
  for (const activity of activities) {
    byStatus[activity.status] += 1;
    byAssessment[activity.assessment ?? 'none'] += 1;
  }
  return { activities: activities.length, byStatus, byAssessment };
}
