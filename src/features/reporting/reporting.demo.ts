import { randomUUID } from 'node:crypto';
import demo from './demo-reporting-2017.json' with { type: 'json' };
import type { Services } from '../../app/services.js';
import { reportKinds, reportPeriods, type ReportKind, type ReportPeriod } from '../../db/schema.js';

/**
 * The reports the network owed in 2017: section 2.4 of the paper asks for reports to COSI and to
 * the LIBE committee "both at the beginning and end of 2017" and for outputs of the annual report
 * on joint cooperation (infographics); section 1.3 has the expert meeting feed "the final report
 * of the JHA agencies' network and the meeting of the Directors" (9-10 November). The paper gives
 * no day: the due dates are illustrative.
 */
export async function seedDemoReportObligations(services: Services): Promise<string[]> {
  const ids: string[] = [];
  for (const obligation of demo.obligations) {
    const period = reportPeriods.find((p): p is ReportPeriod => p === obligation.period);
    if (!period) throw new Error(`demo reporting names an unknown period: ${obligation.period}`);
    const kind = reportKinds.find((k): k is ReportKind => k === obligation.kind);
    if (!kind) throw new Error(`demo reporting names an unknown kind: ${obligation.kind}`);
    const recipient =
      obligation.recipient === null ? null : await services.network.get(obligation.recipient);
    const id = randomUUID();
    await services.database.db
      .insertInto('report_obligations')
      .values({
        id,
        year: demo.year,
        kind,
        recipient_organisation_id: recipient?.id ?? null,
        period,
        due_on: obligation.dueOn,
        source: obligation.source,
      })
      .execute();
    ids.push(id);
  }
  return ids;
}
