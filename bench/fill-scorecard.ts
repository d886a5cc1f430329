// `node --import tsx bench/fill-scorecard.ts <activities> <updates per activity>`: fills the
// platform database named by the environment (DATA_DIR or DATABASE_URL) with a large scorecard,
// alongside a running platform. bench/run.ts calls it before loading the scorecard targets.
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/app/services.js';
import { openDatabase } from '../src/db/database.js';
import { fillScorecard } from './scorecard-data.js';

const [activities, updatesPerActivity] = process.argv.slice(2).map(Number);
if (!Number.isInteger(activities) || !Number.isInteger(updatesPerActivity)) {
  throw new Error('usage: fill-scorecard.ts <activities> <updates per activity>');
}
const config = loadConfig(process.env);
const database = openDatabase(config);
try {
  const started = Date.now();
  const stored = await fillScorecard(
    createServices(config, database),
    activities ?? 0,
    updatesPerActivity ?? 0,
  );
  console.log(
    `stored ${String(stored.activities)} activities and ${String(stored.updates)} updates in ${String(
      Math.round((Date.now() - started) / 100) / 10,
    )} s`,
  );
} finally {
  await database.close();
}
