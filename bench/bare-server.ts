// The baseline of the benchmark: the least a Node server can do to answer GET /api/agencies and
// a scorecard page. Plain Fastify, prepared statements on the platform's own database (its SQLite
// file opened read-only, or its PostgreSQL database), no authentication, no hooks, no logging.
// bench/run.ts starts it in a child process with BENCH_DB_FILE or BENCH_DATABASE_URL, and PORT;
// what the platform adds on top is what the benchmark measures.
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

const file = process.env.BENCH_DB_FILE;
const postgresUrl = process.env.BENCH_DATABASE_URL;
const port = Number(process.env.PORT);
if ((!file && !postgresUrl) || !Number.isInteger(port) || port <= 0) {
  throw new Error('bare-server: set BENCH_DB_FILE or BENCH_DATABASE_URL, and PORT');
}

// The same columns, names and order as the platform's list (acronyms are ASCII, so NOCASE and
// lower() order them as the platform's collator does; bench/run.ts checks both bodies are equal).
const agencyColumns = `id, kind, acronym, name, category, hq_city as "hqCity", hq_country as "hqCountry",
  website, description, established_year as "establishedYear", version, updated_at as "updatedAt"`;
// The first page of a year's scorecard: the activity rows with their lead, and the total.
const scorecardColumns = `a.id, a.title, a.kind, a.status, a.assessment, a.planned_start as "plannedStart",
  a.planned_end as "plannedEnd", a.version, a.updated_at as "updatedAt", o.acronym as lead`;
const scorecardFrom = `from scorecard_activities a join organisations o on o.id = a.lead_organisation_id`;

interface Queries {
  agencies(): Promise<unknown[]>;
  scorecardPage(year: number): Promise<unknown[]>;
  scorecardTotal(year: number): Promise<number>;
}

/** Prepared statements on the platform's SQLite file, opened read-only. */
function sqliteQueries(path: string): Queries {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const agencies = db.prepare(`select ${agencyColumns} from organisations
    where kind = 'agency' order by acronym collate nocase`);
  const page = db.prepare(`select ${scorecardColumns} ${scorecardFrom}
    where a.year = ? order by lower(a.title), a.id limit 50`);
  const total = db.prepare('select count(*) as total from scorecard_activities where year = ?');
  return {
    agencies: () => Promise.resolve(agencies.all()),
    scorecardPage: (year) => Promise.resolve(page.all(year)),
    scorecardTotal: (year) => Promise.resolve((total.get(year) as { total: number }).total),
  };
}

/** Named (prepared once per connection) statements on the platform's PostgreSQL database. */
function postgresQueries(url: string): Queries {
  // As many connections as the platform's pool holds by default.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const rows = async (name: string, text: string, values: unknown[] = []) =>
    (await pool.query({ name, text, values })).rows as unknown[];
  return {
    agencies: () =>
      rows(
        'agencies',
        `select ${agencyColumns} from organisations
        where kind = 'agency' order by lower(acronym)`,
      ),
    scorecardPage: (year) =>
      rows(
        'page',
        `select ${scorecardColumns} ${scorecardFrom}
        where a.year = $1 order by lower(a.title), a.id limit 50`,
        [year],
      ),
    scorecardTotal: async (year) => {
      const [row] = (await rows(
        'total',
        'select count(*)::int as total from scorecard_activities where year = $1',
        [year],
      )) as {
        total: number;
      }[];
      return row?.total ?? 0;
    },
  };
}

const queries = postgresUrl ? postgresQueries(postgresUrl) : sqliteQueries(file ?? '');

const nullableString = { type: ['string', 'null'] };
// A response schema like the platform's, so both serialise with fast-json-stringify and the
// comparison is about the work around the query, not about JSON.stringify.
const listSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          kind: { type: 'string' },
          acronym: { type: 'string' },
          name: { type: 'string' },
          category: { type: 'string' },
          hqCity: nullableString,
          hqCountry: nullableString,
          website: nullableString,
          description: { type: 'string' },
          establishedYear: { type: ['integer', 'null'] },
          version: { type: 'integer' },
          updatedAt: { type: 'string' },
        },
      },
    },
    total: { type: 'integer' },
  },
};

const app = Fastify({ logger: false });
app.get('/api/agencies', { schema: { response: { 200: listSchema } } }, async () => {
  const items = await queries.agencies();
  return { items, total: items.length };
});

const scorecardSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          kind: { type: 'string' },
          status: { type: 'string' },
          assessment: nullableString,
          plannedStart: { type: 'string' },
          plannedEnd: { type: 'string' },
          version: { type: 'integer' },
          updatedAt: { type: 'string' },
          lead: { type: 'string' },
        },
      },
    },
    total: { type: 'integer' },
  },
};
app.get<{ Querystring: { year?: string } }>(
  '/api/scorecard',
  { schema: { response: { 200: scorecardSchema } } },
  async (request) => {
    const year = Number(request.query.year ?? 2017);
    const [items, total] = await Promise.all([
      queries.scorecardPage(year),
      queries.scorecardTotal(year),
    ]);
    return { items, total };
  },
);

await app.listen({ host: '127.0.0.1', port });
