// Full-text search over a large document register, on SQLite and PostgreSQL: the query a user
// who may read a tenth of the documents runs, next to the same query without the visibility
// predicate. Measured in process, on the service's own queries, so that HTTP does not blur
// the difference the predicate makes.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { databaseUrl, onServer } from './postgres-database.js';
import type { Actor } from '../src/app/access.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Services } from '../src/app/services.js';
import { openPostgres, openSqlite, type Database } from '../src/db/database.js';
import { sql, type Insertable } from 'kysely';
import type { DocumentTable, Releasability, Tlp } from '../src/db/schema.js';
import { systemContext } from '../src/features/audit/audit.events.js';
import { generateKeySpec } from '../src/features/documents/file-crypto.js';
import { everyDocument, visibleDocuments } from '../src/features/documents/documents.policy.js';
import {
  matchingDocuments,
  readerFor,
  type DocumentPredicate,
} from '../src/features/documents/documents.repository.js';
import { searchTerms } from '../src/features/documents/search-terms.js';
import { seedDemoNetwork } from '../src/features/network/demo.js';
import { SiteSearch } from '../src/features/search/search.service.js';
import { startPlatform } from '../src/platform.js';

export interface QueryFigures {
  label: string;
  query: string;
  /** Documents the query matches, and how many of them the user may read. */
  matches: number;
  visible: number;
  /** The full-text query alone: every match ranked, the best page, and the count; no predicate. */
  bare: { p50: number; p99: number };
  /** GET /api/documents's whole work: page, count, six facets, snippets. */
  list: { p50: number; p99: number };
  /** The site search's whole work: every kind at once, documents among them. */
  global: { p50: number; p99: number };
}

export interface SearchFigures {
  database: 'SQLite' | 'PostgreSQL';
  documents: number;
  readable: number;
  fillSeconds: number;
  iterations: number;
  /** The one-minute load average when the measures began and when they ended. */
  loadAverage: [number, number];
  queries: QueryFigures[];
}

const BATCH = 1_000;
/**
 * Batches stored at once: on PostgreSQL each waits on the server much of the time, and the next
 * is drawn meanwhile (SQLite's one connection takes them in turn). Below the pool's 4 connections.
 */
const STORING_AT_ONCE = 3;
const PAGE = 50;

/** A small deterministic generator, so every run searches the same register. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ra', 'to', 'mi', 'ne', 'sa', 'lu', 'ke', 'vo', 'di', 'pa', 'ber', 'tan'];

/** The vocabulary, from the most to the least frequent word. */
function vocabulary(size: number): string[] {
  const words: string[] = [];
  for (let i = 0; words.length < size; i++) {
    let n = i;
    let word = '';
    do {
      word += SYLLABLES[n % SYLLABLES.length] ?? '';
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    if (word.length >= 4) words.push(word);
  }
  return words;
}

/** Words drawn with Zipf's law: the word of rank r about 1/r as often as the first. */
function zipf(words: readonly string[], next: () => number) {
  const weights = words.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return () => {
    const x = next();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 1) < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] ?? words[0] ?? '';
  };
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * Where a filled register is kept between runs when `BENCH_SEARCH_DATA` names a directory: the
 * fill takes a minute or more, and iterating on the queries needs none. The note beside it keeps
 * the file key the blind index was made with, which a new key could not search.
 */
interface KeptRegister {
  keySpec: string;
  readable: number;
  fillSeconds: number;
}

interface Opened {
  database: Database;
  /** The PostgreSQL database's URL, for the fill's other processes; null on SQLite. */
  url: string | null;
  /** Ends this run: drops a fresh database, keeps one `BENCH_SEARCH_DATA` asks to keep. */
  close: () => Promise<void>;
  kept: KeptRegister | null;
  keep: (register: KeptRegister) => void;
}

async function openRegister(kind: 'sqlite' | 'postgres', count: number): Promise<Opened> {
  const keptDir = process.env.BENCH_SEARCH_DATA;
  const notePath = keptDir && path.join(keptDir, `search-${kind}-${String(count)}.json`);
  const kept =
    notePath && fs.existsSync(notePath)
      ? (JSON.parse(fs.readFileSync(notePath, 'utf8')) as KeptRegister)
      : null;
  const keep = (register: KeptRegister) => {
    if (notePath) fs.writeFileSync(notePath, JSON.stringify(register));
  };
  if (kind === 'sqlite') {
    const dir = keptDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jhanet-search-bench-'));
    const file = path.join(dir, keptDir ? `search-${String(count)}.db` : 'jhanet.db');
    if (keptDir && !kept) fs.rmSync(file, { force: true });
    const database = openSqlite(file);
    return {
      database,
      url: null,
      kept,
      keep,
      close: async () => {
        await database.close();
        if (!keptDir) fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = keptDir
    ? `jhanet_bench_search_${String(count)}`
    : `jhanet_bench_${randomBytes(6).toString('hex')}`;
  if (!kept) {
    await onServer(`drop database if exists ${name} with (force)`);
    await onServer(`create database ${name}`);
  }
  const url = databaseUrl(name);
  const database = openPostgres(url, 4);
  return {
    database,
    url,
    kept,
    keep,
    close: async () => {
      await database.close();
      if (!keptDir) await onServer(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Which of the fill's batches a process stores: every `processes`-th from `index`. */
export interface FillShare {
  index: number;
  processes: number;
}

/**
 * Fills the register: one document in twenty released to the whole network, one in twenty
 * released to the reader's agency by name, the rest to other agencies or their originator only.
 * Every process draws the whole register, so that each document is the same whoever stores it,
 * and stores its share of the batches. The documents it stored that the reader may read.
 */
export async function fill(
  { database, documentTexts }: Pick<Services, 'database' | 'documentTexts'>,
  count: number,
  readerAgencyId: string,
  share: FillShare = { index: 0, processes: 1 },
): Promise<number> {
  const agencies = await database.db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'agency')
    .where('id', '!=', readerAgencyId)
    .orderBy('id')
    .execute();
  const next = random(2017);
  const word = zipf(vocabulary(5_000), next);
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const tlpChoices: (Tlp | null)[] = [null, 'clear', 'green', 'amber'];
  const now = new Date().toISOString();
  let readable = 0;
  const storing = new Set<Promise<void>>();
  for (let start = 0; start < count; start += BATCH) {
    const mine = (start / BATCH) % share.processes === share.index;
    const rows: Insertable<DocumentTable>[] = [];
    const releases: { document_id: string; organisation_id: string }[] = [];
    const texts: { id: string; title: string; description: string; text: string }[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const id = randomUUID();
      const originator = pick(agencies).id;
      const draw = next();
      let releasability: Releasability = 'originator';
      if (draw < 0.05) releasability = 'network';
      else if (draw < 0.55) releasability = 'named';
      if (draw < 0.1 && mine) readable += 1;
      if (releasability === 'named') {
        const to = draw < 0.1 ? readerAgencyId : pick(agencies).id;
        // The reader's agency is never an originator here, so a release to it is always new.
        if (to !== originator) releases.push({ document_id: id, organisation_id: to });
      }
      rows.push({
        id,
        registration_number: `BENCH-${String(i).padStart(6, '0')}`,
        originator_reference: '',
        registered_on: `${String(2010 + (i % 10))}-06-15`,
        document_type: 'report',
        language: 'en',
        originator_organisation_id: originator,
        registered_by: null,
        classification_level: 0,
        limite: 0,
        sensitive: 0,
        tlp: pick(tlpChoices),
        releasability,
        is_reference: 0,
        holder_organisation_id: null,
        point_of_contact: '',
        scheduled_change_on: null,
        scheduled_level: null,
        scheduled_reason: null,
        scheduled_by: null,
        current_file_id: null,
        version: 1,
        created_at: now,
        updated_at: now,
      });
      texts.push({ id, title: words(6), description: words(20), text: words(150) });
    }
    if (!mine) continue;
    const stored = database.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('documents').values(rows).execute();
        if (releases.length > 0)
          await trx.insertInto('document_releases').values(releases).execute();
        for (const { id, ...text } of texts) await documentTexts.store(trx, id, text);
      })
      .finally(() => storing.delete(stored));
    storing.add(stored);
    if (storing.size >= STORING_AT_ONCE) await Promise.race(storing);
  }
  await Promise.all(storing);
  return readable;
}

/**
 * Processes a PostgreSQL fill is shared among: storing a document is bound by hashing its words
 * for the blind index, in Node, one CPU per process. SQLite's one writer takes a fill alone.
 */
const FILL_PROCESSES = Number(process.env.BENCH_FILL_PROCESSES ?? os.availableParallelism());

/** One process's share of a PostgreSQL fill (bench/fill-documents.ts): its readable documents. */
function fillShare(
  url: string,
  keySpec: string,
  count: number,
  readerAgencyId: string,
  share: FillShare,
) {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('fill-documents.ts', import.meta.url)),
        String(count),
        readerAgencyId,
        String(share.index),
        String(share.processes),
      ],
      {
        env: { ...process.env, BENCH_FILL_URL: url, BENCH_FILL_KEYS: keySpec },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve((JSON.parse(last) as { readable: number }).readable);
      else
        reject(
          new Error(`the fill's process ${String(share.index)} exited with code ${String(code)}`),
        );
    });
  });
}

/** Fills the register, on PostgreSQL in several processes at once, then settles it. */
async function fillRegister(
  opened: Opened,
  services: Services,
  count: number,
  readerAgencyId: string,
  keySpec: string,
): Promise<number> {
  if (opened.url === null) return fill(services, count, readerAgencyId);
  const shares = await Promise.all(
    Array.from({ length: FILL_PROCESSES }, (_, index) =>
      fillShare(opened.url ?? '', keySpec, count, readerAgencyId, {
        index,
        processes: FILL_PROCESSES,
      }),
    ),
  );
  // What autovacuum would do soon after (see `settle` in postgres-database.ts).
  await sql`vacuum (analyze)`.execute(services.database.db);
  return shares.reduce((sum, readable) => sum + readable, 0);
}

/** The platform's configuration for the bench's register: its file keys, no EUCI. */
export function registerConfig(keySpec: string): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test' }),
    documents: { euciCeiling: 0, maxFileBytes: 1024 * 1024, fileKeys: keySpec },
  };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Measures search on one database. */
export async function measureDocumentSearch(
  kind: 'sqlite' | 'postgres',
  count: number,
  iterations: number,
): Promise<SearchFigures> {
  const opened = await openRegister(kind, count);
  const { database, close, kept, keep } = opened;
  try {
    const keySpec = kept?.keySpec ?? generateKeySpec('bench');
    const platform = await startPlatform(registerConfig(keySpec), { database, logger: false });
    if (!kept) await seedDemoNetwork(platform.services, { withUsers: false });
    const eige = await platform.services.network.get('EIGE');
    const email = 'reader@eige.example.eu';
    const userId = kept
      ? (
          await database.db
            .selectFrom('users')
            .select('id')
            .where('email', '=', email)
            .executeTakeFirstOrThrow()
        ).id
      : (
          await platform.services.users.create(systemContext, {
            email,
            name: 'Reader',
            organisationId: eige.id,
            role: 'member',
            password: randomBytes(12).toString('hex'),
          })
        ).user.id;
    const actor: Actor = {
      userId,
      email,
      name: 'Reader',
      organisationId: eige.id,
      organisationAcronym: eige.acronym,
      role: 'member',
      locale: null,
      via: { kind: 'token', tokenId: 'bench' },
    };
    let register = kept;
    if (!register) {
      console.log(`  filling ${count.toLocaleString('en')} documents on ${kind}…`);
      const fillStart = performance.now();
      const readable = await fillRegister(opened, platform.services, count, eige.id, keySpec);
      register = { keySpec, readable, fillSeconds: (performance.now() - fillStart) / 1000 };
      keep(register);
    } else console.log(`  reusing the ${count.toLocaleString('en')} documents kept on ${kind}`);
    const { readable, fillSeconds } = register;
    const db = database.db;
    const index = platform.services.documentTexts.index;
    const reader = await readerFor(db, actor);
    const siteSearch = new SiteSearch(database, platform.services.documents);
    const words = vocabulary(5_000);
    const queries = [
      { label: 'the most frequent word', query: words[0] ?? '' },
      { label: 'a frequent word', query: words[3] ?? '' },
      { label: 'a word of middling frequency', query: words[60] ?? '' },
      { label: 'a rare word', query: words[2_000] ?? '' },
      { label: 'two words', query: `${words[10] ?? ''} ${words[300] ?? ''}` },
    ];
    const loadAverage = os.loadavg()[0] ?? 0;
    const figures: QueryFigures[] = [];
    for (const { label, query } of queries) {
      const terms = searchTerms(query);
      const run = (visible: DocumentPredicate) => async () => {
        // The full-text query alone: every match ranked for the best page, and every match counted.
        await matchingDocuments(db, index, visible, {}, terms, { ranked: true })
          .select('documents.id')
          .orderBy('rank', 'desc')
          .orderBy('documents.id')
          .limit(PAGE)
          .execute();
        return matchingDocuments(db, index, visible, {}, terms)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
      };
      const bare = run(everyDocument());
      const list = () =>
        platform.services.documents.list(actor, { q: query, page: 1, pageSize: PAGE });
      const global = () => siteSearch.search(actor, { q: query, page: 1 });
      const matches = (await bare()).n;
      const visible = (await run(visibleDocuments(reader))()).n;
      const bareMs: number[] = [];
      const listMs: number[] = [];
      const globalMs: number[] = [];
      for (let i = 0; i < Math.max(3, iterations / 10); i++) {
        await bare();
        await list();
        await global();
      }
      // Take turns, so that a slower moment of the machine touches every measure alike.
      for (let i = 0; i < iterations; i++) {
        bareMs.push(await timed(bare));
        listMs.push(await timed(list));
        globalMs.push(await timed(global));
      }
      figures.push({
        label,
        query,
        matches,
        visible,
        bare: percentiles(bareMs),
        list: percentiles(listMs),
        global: percentiles(globalMs),
      });
      const shown = (samples: number[]) => {
        const { p50, p99 } = percentiles(samples);
        return `${p50.toFixed(1)} / ${p99.toFixed(1)}`;
      };
      console.log(
        `  ${label} (${query}): ${String(matches)} matches, ${String(visible)} readable; ` +
          `ms p50 / p99: bare ${shown(bareMs)}, ` +
          `list ${shown(listMs)}, global ${shown(globalMs)}`,
      );
    }
    await platform.app.close();
    return {
      database: kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      documents: count,
      readable,
      fillSeconds,
      iterations,
      loadAverage: [loadAverage, os.loadavg()[0] ?? 0],
      queries: figures,
    };
  } finally {
    await close();
  }
}

const ms = (value: number) => value.toFixed(1);

export const SEARCH_HEADING = '## Document search at scale';

/**
 * The section of docs/benchmarks.md these figures make: the main one (both databases, with what
 * the search does), or another under its own heading (a larger register on one database).
 */
export function documentSearchSection(
  results: readonly SearchFigures[],
  heading = SEARCH_HEADING,
): string {
  const first = results[0];
  if (!first) return '';
  const cell = (figures: { p50: number; p99: number }) => `${ms(figures.p50)} / ${ms(figures.p99)}`;
  const rows = results.flatMap((r) =>
    r.queries.map(
      (q) =>
        `| ${r.database} | ${q.label} (\`${q.query}\`) | ${q.matches.toLocaleString('en')} | ${q.visible.toLocaleString('en')} | ${cell(q.bare)} | ${cell(q.list)} | ${cell(q.global)} |`,
    ),
  );
  const load = results
    .map(
      (r) => `${r.loadAverage[0].toFixed(2)} then ${r.loadAverage[1].toFixed(2)} on ${r.database}`,
    )
    .join(', ');
  const table = `| Database | Query | Matches | Readable | Bare query | Whole search as the reader | Site search as the reader |
|---|---|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
  return `${heading}

${first.documents.toLocaleString('en')} documents (title, description and 150 words of text each, words drawn with
Zipf's law from 5,000), of which the reader, a member of staff of EIGE, may read
${results.map((r) => `${r.readable.toLocaleString('en')} on ${r.database}`).join(' and ')} (a tenth: one in
twenty released to the whole network, one in twenty to EIGE by name; the rest to other agencies
or their originator only). Filled in ${results.map((r) => `${r.fillSeconds.toFixed(0)} s on ${r.database}`).join(', ')}.

Each query runs ${first.iterations} times, the measures taking turns: the bare full-text query (every
match ranked for the best page of ${PAGE}, and every match counted, with no visibility predicate: what
the search did before), all that \`GET /api/documents?q=\` does as the reader (page, count, six
facets, snippets, marking), and the site search as the reader (every kind at once, the documents'
five best with their count). Milliseconds, p50 / p99, in process on the service's own calls. The
one-minute load average was ${load} (${String(os.availableParallelism())} CPUs): figures taken on a busy
machine are slower than an idle one would give.

${table}${heading === SEARCH_HEADING ? HOW_THE_SEARCH_WORKS : ''}`;
}

/** What the main section says after its table: written by hand, kept by every run. */
const HOW_THE_SEARCH_WORKS = `
What the search does, and what it bought. Before, a search ranked every match (\`bm25\` on SQLite,
\`ts_rank\` on PostgreSQL) before sorting them for one page, and grouped every match for the count
and the facets: a word found in nearly every document cost 2.6 s on SQLite and 1.3 s on PostgreSQL
for the whole search on an idle machine. Ranking read each match's entry in the index: on
PostgreSQL each match's vector is read back from TOAST and uncompressed. On the busier machine of
the figures above, the former search took 5.9 s for \`rato\` on SQLite (load average near 10),
and on PostgreSQL 1.48 s for \`neto\` (site search 1.40 s) and 1.06 s for two words (site search
1.25 s). Now:

- One pass reads the matches the reader may read, up to 10,001 of them, with the columns the
  facets count: it gives the total (past 10,000, "more than 10,000", \`totalIsLowerBound\` in the
  API), the six facets (counted on the same matches, so lower bounds past 10,000) and the
  candidates of the page. On SQLite the index's row numbers are read once into a list and each
  match is looked up from it, rather than joined to the index row by row.
- Only the 1,000 most recently registered candidates are ranked, by their ids: on SQLite \`bm25\`
  narrowed to those rows, on PostgreSQL \`ts_rank\` on those rows looked up by key. Below 1,000
  readable matches the order is exactly as before; above, the best-ranked page is drawn from
  the 1,000 most recent (the other matches follow them, the most recent first), which for a word
  found in most documents ranks nearly alike anyway.
- The site search takes the documents' five best and their count from the same work.

- That pass asks the search index for the matches released to the reader's audiences: each
  row of the index holds keyed tokens of whom its document is released to (its originator, the
  organisations named, the network), and the query asks for the words and one of the reader's
  audiences (\`"rato" AND ("<EIGE>" OR "<network>")\` in FTS5, \`'rato' & ('<EIGE>' | '<network>')\`
  in a \`tsquery\`). The index intersects its lists and gives the reader's share of the matches
  (a superset of what the reader may read: level and TLP are not carried), and the predicate
  decides each. For a word in every document and a reader of a tenth of them, that share comes
  from the index in about 6 ms on SQLite; on PostgreSQL the GIN index's bitmap gives it in about
  4 ms (\`explain analyze\` on this register: a bitmap heap scan of 9,960 rows), without
  reading any match's vector back from TOAST, where the former pass started from the reader's released documents and checked the
  word on each by reading its vector (about 15 microseconds each, 0.15 s for 10,000). The whole
  search for \`rato\` on PostgreSQL went from 405 / 809 ms (p50 / p99) to the figures above.

What still grows: on SQLite, most of the pass is looking up each of the reader's matches in
\`documents\` and checking the predicate on it (about 60 of its 80 ms for \`rato\`, 6
microseconds a match), which grows with the reader's share of the register, not with the
register. Ranking reads the ranked candidates' vectors on PostgreSQL (1,000 at most). A register
of 1,000,000 documents on PostgreSQL has a section of its own, from
\`BENCH_DOCUMENTS=1000000 npm run bench -- search --postgres\`.
`;
