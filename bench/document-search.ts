// Full-text search over a large document register, on SQLite and PostgreSQL: the query a user
// who may read a tenth of the documents runs, next to the same query without the visibility
// predicate. Measured in process, on the service's own queries, so that HTTP does not blur
// the difference the predicate makes.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Actor } from '../src/app/access.js';
import { loadConfig } from '../src/config.js';
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
import { startPlatform, type Platform } from '../src/platform.js';

export interface QueryFigures {
  label: string;
  query: string;
  /** Documents the query matches, and how many of them the user may read. */
  matches: number;
  visible: number;
  user: { p50: number; p99: number };
  bare: { p50: number; p99: number };
  /** GET /api/documents's whole work: page, count, six facets, snippets. */
  list: { p50: number; p99: number };
}

export interface SearchFigures {
  database: 'SQLite' | 'PostgreSQL';
  documents: number;
  readable: number;
  fillSeconds: number;
  iterations: number;
  queries: QueryFigures[];
}

const BATCH = 1_000;
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

async function openFresh(
  kind: 'sqlite' | 'postgres',
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jhanet-search-bench-'));
    const database = openSqlite(path.join(dir, 'jhanet.db'));
    return {
      database,
      drop: async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
  const name = `jhanet_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 4);
  return {
    database,
    drop: async () => {
      await database.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * Fills the register: one document in twenty released to the whole network, one in twenty
 * released to the reader's agency by name, the rest to other agencies or their originator only.
 */
async function fill(platform: Platform, count: number, readerAgencyId: string): Promise<number> {
  const { database, documentTexts } = platform.services;
  const agencies = await database.db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'agency')
    .where('id', '!=', readerAgencyId)
    .execute();
  const next = random(2017);
  const word = zipf(vocabulary(5_000), next);
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const tlpChoices: (Tlp | null)[] = [null, 'clear', 'green', 'amber'];
  const now = new Date().toISOString();
  let readable = 0;
  for (let start = 0; start < count; start += BATCH) {
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
      if (draw < 0.1) readable += 1;
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
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('documents').values(rows).execute();
      if (releases.length > 0) await trx.insertInto('document_releases').values(releases).execute();
      for (const { id, ...text } of texts) await documentTexts.store(trx, id, text);
    });
  }
  if (database.dialect.name === 'postgres') await sql`analyze`.execute(database.db);
  return readable;
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
  const { database, drop } = await openFresh(kind);
  try {
    const config = {
      ...loadConfig({ NODE_ENV: 'test' }),
      documents: { euciCeiling: 0, maxFileBytes: 1024 * 1024, fileKeys: generateKeySpec('bench') },
    };
    const platform = await startPlatform(config, { database, logger: false });
    await seedDemoNetwork(platform.services, { withUsers: false });
    const eige = await platform.services.network.get('EIGE');
    const { user } = await platform.services.users.create(systemContext, {
      email: 'reader@eige.example.eu',
      name: 'Reader',
      organisationId: eige.id,
      role: 'member',
      password: randomBytes(12).toString('hex'),
    });
    const actor: Actor = {
      userId: user.id,
      email: user.email,
      name: user.name,
      organisationId: eige.id,
      organisationAcronym: eige.acronym,
      role: 'member',
      locale: null,
      via: { kind: 'token', tokenId: 'bench' },
    };
    console.log(`  filling ${count.toLocaleString('en')} documents on ${kind}…`);
    const fillStart = performance.now();
    const readable = await fill(platform, count, eige.id);
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const db = database.db;
    const index = platform.services.documentTexts.index;
    const reader = await readerFor(db, actor);
    const words = vocabulary(5_000);
    const queries = [
      { label: 'a frequent word', query: words[3] ?? '' },
      { label: 'a word of middling frequency', query: words[60] ?? '' },
      { label: 'a rare word', query: words[2_000] ?? '' },
      { label: 'two words', query: `${words[10] ?? ''} ${words[300] ?? ''}` },
    ];
    const figures: QueryFigures[] = [];
    for (const { label, query } of queries) {
      const terms = searchTerms(query);
      const run = (visible: DocumentPredicate) => async () => {
        // As the service does: the ids of the page, sorted by rank.
        await matchingDocuments(db, index, visible, {}, terms, true)
          .select('documents.id')
          .orderBy('rank', 'desc')
          .orderBy('documents.id')
          .limit(PAGE)
          .execute();
        return matchingDocuments(db, index, visible, {}, terms)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
      };
      const user = run(visibleDocuments(reader));
      const bare = run(everyDocument());
      const list = () =>
        platform.services.documents.list(actor, { q: query, page: 1, pageSize: PAGE });
      const matches = (await bare()).n;
      const visible = (await user()).n;
      const userMs: number[] = [];
      const bareMs: number[] = [];
      const listMs: number[] = [];
      for (let i = 0; i < Math.max(3, iterations / 10); i++) {
        await user();
        await bare();
      }
      // Alternate the two, so that a slower moment of the machine touches both alike.
      for (let i = 0; i < iterations; i++) {
        userMs.push(await timed(user));
        bareMs.push(await timed(bare));
      }
      for (let i = 0; i < Math.max(5, iterations / 5); i++) listMs.push(await timed(list));
      figures.push({
        label,
        query,
        matches,
        visible,
        user: percentiles(userMs),
        bare: percentiles(bareMs),
        list: percentiles(listMs),
      });
      console.log(
        `  ${label} (${query}): ${matches} matches, ${visible} readable; user p50 ${userMs.length ? percentiles(userMs).p50.toFixed(1) : '-'} ms, bare p50 ${percentiles(bareMs).p50.toFixed(1)} ms`,
      );
    }
    await platform.app.close();
    return {
      database: kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      documents: count,
      readable,
      fillSeconds,
      iterations,
      queries: figures,
    };
  } finally {
    await drop();
  }
}

const ms = (value: number) => value.toFixed(1);

/** The section of docs/benchmarks.md these figures make. */
export function documentSearchSection(results: readonly SearchFigures[]): string {
  const first = results[0];
  if (!first) return '';
  const rows = results.flatMap((r) =>
    r.queries.map(
      (q) =>
        `| ${r.database} | ${q.label} (\`${q.query}\`) | ${q.matches.toLocaleString('en')} | ${q.visible.toLocaleString('en')} | ${ms(q.user.p50)} / ${ms(q.user.p99)} | ${ms(q.bare.p50)} / ${ms(q.bare.p99)} | ${ms(q.list.p50)} / ${ms(q.list.p99)} |`,
    ),
  );
  return `## Document search at scale

${first.documents.toLocaleString('en')} documents (title, description and 150 words of text each, words drawn with
Zipf's law from 5,000), of which the reader, a member of staff of EIGE, may read
${results.map((r) => `${r.readable.toLocaleString('en')} on ${r.database}`).join(' and ')} (a tenth: one in
twenty released to the whole network, one in twenty to EIGE by name; the rest to other agencies
or their originator only). Filled in ${results.map((r) => `${r.fillSeconds.toFixed(0)} s on ${r.database}`).join(', ')}.

Each query is the page of the ${PAGE} best-ranked matches plus the count of all matches, run
${first.iterations} times as the reader (with the visibility predicate) alternating with the same
full-text query bare (no predicate). The last column is all that \`GET /api/documents?q=\` does
in the service: page, count, six facets and snippets, as the reader. Milliseconds, p50 / p99.
A word found in nearly every document is the worst case: every match is ranked and every facet
counts every match; narrowing the query (more words, a facet) brings the time down with the
number of matches.

| Database | Query | Matches | Readable | As the reader | Bare | Whole search as the reader |
|---|---|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
}
