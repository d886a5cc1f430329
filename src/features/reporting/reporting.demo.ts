import { randomUUID } from 'node:crypto';
import demo from './demo-reporting-2017.json' with { type: 'json' };
import type { Services } from '../../app/services.js';
import { reportPeriods, type ReportPeriod } from '../../db/schema.js';

/**
 * The reports the network owed in 2017: section 2.4 of the paper asks for reports to COSI and to
 * the LIBE committee "both at the beginning and end of 2017". The paper gives no day: the due
 * dates (the end of the first quarter, the end of the year) are illustrative.
 */
export async function seedDemoReportObligations(services: Services): Promise<string[]> {
  const ids: string[] = [];
  for (const obligation of demo.obligations) {
    const period = reportPeriods.find((p): p is ReportPeriod => p === obligation.period);
    if (!period) throw new Error(`demo reporting names an unknown period: ${obligation.period}`);
    const recipient = await services.network.get(obligation.recipient);
    const id = randomUUID();
    await services.database.db
      .insertInto('report_obligations')
      .values({
        id,
        year: demo.year,
        recipient_organisation_id: recipient.id,
        period,
        due_on: obligation.dueOn,
        source: obligation.source,
      })
      .execute();
    ids.push(id);
  }
  return ids;
}
