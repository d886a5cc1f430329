import demo from './demo-scorecard-2017.json' with { type: 'json' };
import type { Services } from '../../app/services.js';
import { systemContext } from '../audit/audit.events.js';
import type { ActivityInput } from './scorecard.model.js';

/** One activity of the demo file: as written by people, with its history of updates. */
interface DemoActivity {
  title: string;
  description: string;
  lines: string[];
  lead: string;
  participants: string[];
  partners: string[];
  kind: string;
  tags: string[];
  plannedStart: string;
  plannedEnd: string;
  releasedToObservers: boolean;
  createdOn: string;
  status: string;
  assessment: string;
  assessmentReason: string;
  indicators: { name: string; unit: string; target: number; value: number }[];
  deliverables: { title: string; url?: string | undefined; date: string }[];
  updates: {
    on: string;
    by: string;
    text: string;
    status?: string | undefined;
    assessment?: string | undefined;
    assessmentReason?: string | undefined;
    indicators?: Record<string, number> | undefined;
  }[];
}

/**
 * Seeds the 2017 scorecard drawn from the paper: each activity created on its day, then its
 * progress through the year, through the same checks as any import.
 */
export async function seedDemoScorecard(services: Services): Promise<number> {
  // A JSON import types each record separately, which TypeScript cannot unify with the optional
  // fields here; every value is checked on the way in by the same rules as any import.
  const activities = demo.activities as unknown as DemoActivity[];
  return services.scorecard.importHistory(
    systemContext,
    demo.year,
    activities.map((activity) => {
      const input: ActivityInput = {
        year: demo.year,
        title: activity.title,
        description: activity.description,
        lines: activity.lines,
        lead: activity.lead,
        participants: activity.participants,
        partners: activity.partners,
        kind: activity.kind,
        tags: activity.tags,
        plannedStart: activity.plannedStart,
        plannedEnd: activity.plannedEnd,
        status: activity.status,
        assessment: activity.assessment,
        assessmentReason: activity.assessmentReason,
        releasedToObservers: activity.releasedToObservers,
        indicators: activity.indicators.map((i) => ({ ...i })),
        deliverables: activity.deliverables.map((d) => ({
          title: d.title,
          url: d.url ?? null,
          date: d.date,
        })),
      };
      return {
        input,
        createdOn: activity.createdOn,
        updates: activity.updates.map(({ on, ...update }) => ({ ...update, postedOn: on })),
      };
    }),
  );
}
