// `node --import tsx bench/fill-documents.ts <count> <reader's agency id> <index> <processes>`:
// one process's share of the document register's fill, on the PostgreSQL database named by
// BENCH_FILL_URL, with the file keys BENCH_FILL_KEYS. bench/document-search.ts starts one per CPU:
// storing a document is bound by hashing its words, in Node. Prints the readable documents it
// stored, as JSON, on its last line.
import { createServices } from '../src/app/services.js';
import { openPostgres } from '../src/db/database.js';
import { fill, registerConfig } from './document-search.js';

const url = process.env.BENCH_FILL_URL;
const keySpec = process.env.BENCH_FILL_KEYS;
const [count, readerAgencyId, index, processes] = process.argv.slice(2);
if (!url || !keySpec || !readerAgencyId) {
  throw new Error(
    'usage: BENCH_FILL_URL=… BENCH_FILL_KEYS=… fill-documents.ts <count> <agency> <index> <processes>',
  );
}
const database = openPostgres(url, 4);
try {
  const readable = await fill(
    createServices(registerConfig(keySpec), database),
    Number(count),
    readerAgencyId,
    { index: Number(index), processes: Number(processes) },
  );
  console.log(JSON.stringify({ readable }));
} finally {
  await database.close();
}
