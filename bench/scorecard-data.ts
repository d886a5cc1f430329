// Fills a platform database with a large scorecard for the benchmark: ACTIVITIES activities of
// 2017, each with UPDATES_PER_ACTIVITY progress updates, stored through the same import path as
// the demo data (every check, revision and audit entry included). Deterministic: the same counts
// give the same scorecard.
import type { Services } from '../src/app/services.js';
import { activityKinds, activityStatuses, assessments } from '../src/db/schema.js';
import type { ActivityInput, ProgressInput } from '../src/features/scorecard/scorecard.model.js';
import { systemContext } from '../src/features/audit/audit.events.js';

const AGENCIES = [
  'CEPOL',
  'EUAA',
  'EIGE',
  'EUDA',
  'eu-LISA',
  'Eurojust',
  'Europol',
  'FRA',
  'Frontex',
];
const PARTNERS = ['EMSA', 'EFCA', 'MAOC (N)', 'ENISA', 'EJTN', 'ESDC'];
/** The 2017 sections with lines of action, and how many each has (1.3 has none). */
const SECTIONS: [string, number][] = [
  ['1.1', 13],
  ['1.2', 7],
  ['2.1', 8],
  ['2.2', 5],
  ['2.3', 8],
  ['2.4', 5],
];
const BATCH = 250;

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const day = (offset: number) =>
  new Date(Date.UTC(2017, 1, 10) + offset * 86_400_000).toISOString().slice(0, 10);

function activity(n: number): {
  input: ActivityInput;
  createdOn: string;
  updates: (ProgressInput & { by: string })[];
} {
  const [section, lines] = pick(SECTIONS, n);
  const lead = pick(AGENCIES, n);
  const participant = pick(AGENCIES, n + 3);
  return {
    input: {
      year: 2017,
      title: `Joint activity ${String(n).padStart(5, '0')} on ${section}`,
      description: `Benchmark activity ${n}: a joint effort of ${lead} and ${participant}.`,
      lines: [`${section}.${String((n % lines) + 1)}`],
      lead,
      participants: participant === lead ? [] : [participant],
      partners: n % 3 === 0 ? [pick(PARTNERS, n)] : [],
      kind: pick(activityKinds, n),
      tags: n % 4 === 0 ? ['fundamental-rights'] : [],
      plannedStart: day(n % 60),
      plannedEnd: day(60 + (n % 240)),
      status: 'planned',
      assessment: 'green',
      assessmentReason: '',
      releasedToObservers: n % 4 !== 1,
      indicators: [{ name: 'Participants', unit: 'people', target: 100, value: 0 }],
      deliverables: [],
    },
    createdOn: day(0),
    updates: [],
  };
}

function updates(n: number, count: number): (ProgressInput & { by: string })[] {
  return Array.from({ length: count }, (_, i) => {
    const assessment = pick(assessments, n + i);
    return {
      by: pick(AGENCIES, n),
      postedOn: day(1 + i * Math.floor(300 / Math.max(1, count))),
      text: `Progress report ${i + 1} of activity ${n}.`,
      status: pick(activityStatuses.slice(0, 3), Math.min(2, Math.floor((3 * i) / count))),
      assessment,
      ...(assessment === 'green' ? {} : { assessmentReason: 'Delays in the planning.' }),
      indicators: { Participants: (i + 1) * 10 },
    };
  });
}

/** Stores the scorecard in batches, each one transaction; answers the counts stored. */
export async function fillScorecard(
  services: Services,
  activities: number,
  updatesPerActivity: number,
): Promise<{ activities: number; updates: number }> {
  for (let start = 0; start < activities; start += BATCH) {
    const entries = [];
    for (let n = start; n < Math.min(activities, start + BATCH); n += 1) {
      entries.push({ ...activity(n), updates: updates(n, updatesPerActivity) });
    }
    await services.scorecard.importHistory(systemContext, 2017, entries);
  }
  return { activities, updates: activities * updatesPerActivity };
}
