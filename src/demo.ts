import type { Services } from './app/services.js';
import { seedDemoNetwork, type DemoCredential } from './features/network/demo.js';
import { seedDemoScorecard } from './features/scorecard/scorecard.demo.js';
import { seedDemoMeetings } from './features/meetings/demo.js';
import { seedDemoDocuments } from './features/documents/demo.js';
import { seedDemoReportObligations } from './features/reporting/reporting.demo.js';
import { recordDemoSources } from './demo-sources.js';
import { seedDemoToolboxes } from './features/toolboxes/toolboxes.demo.js';
import { seedDemoTrainings } from './features/training/training.demo.js';
import { seedDemoProducts } from './features/products/products.demo.js';

/**
 * Seeds the whole demo network into an empty database: the registry and its accounts, then what
 * the network did in 2017: its scorecard, its meetings, its documents and the reports it owed,
 * each record with where its facts come from (the paper, or illustrative). Returns the accounts' credentials, or null when the database already
 * held a network and nothing was seeded.
 */
export async function seedDemo(services: Services): Promise<DemoCredential[] | null> {
  const credentials = await seedDemoNetwork(services, { withUsers: true });
  if (credentials === null) return null;
  await seedDemoScorecard(services);
  await seedDemoMeetings(services);
  await seedDemoDocuments(services);
  await seedDemoReportObligations(services);
  await seedDemoTrainings(services);
  await recordDemoSources(services);
  await seedDemoToolboxes(services);
  await seedDemoProducts(services);
  return credentials;
}
