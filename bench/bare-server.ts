// The baseline of the benchmark: the least a Node server can do to answer GET /api/agencies.
// Plain Fastify, one route, one prepared statement on the platform's own SQLite file (opened
// read-only), no authentication, no hooks, no logging. bench/run.ts starts it in a child process
// with BENCH_DB_FILE and PORT set; what the platform adds on top is what the benchmark measures.
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const file = process.env.BENCH_DB_FILE;
const port = Number(process.env.PORT);
if (!file || !Number.isInteger(port) || port <= 0) {
  throw new Error('bare-server: set BENCH_DB_FILE and PORT');
}

const db = new Database(file, { readonly: true, fileMustExist: true });
// The same columns, names and order as the platform's list (acronyms are ASCII, so NOCASE
// orders them as the platform's collator does; bench/run.ts checks both bodies are equal).
const agencies = db.prepare(`
  select id, kind, acronym, name, category, hq_city as hqCity, hq_country as hqCountry,
         website, description, established_year as establishedYear, version,
         updated_at as updatedAt
  from organisations
  where kind = 'agency'
  order by acronym collate nocase`);

// The first page of a year's scorecard: the activity rows with their lead, and the total.
const scorecardPage = db.prepare(`
  select a.id, a.title, a.kind, a.status, a.assessment, a.planned_start as plannedStart,
         a.planned_end as plannedEnd, a.version, a.updated_at as updatedAt, o.acronym as lead
  from scorecard_activities a join organisations o on o.id = a.lead_organisation_id
  where a.year = ?
  order by lower(a.title), a.id
  limit 50`);
const scorecardTotal = db.prepare(
  'select count(*) as total from scorecard_activities where year = ?',
);

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
app.get('/api/agencies', { schema: { response: { 200: listSchema } } }, () => {
  const items = agencies.all();
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
  (request) => {
    const year = Number(request.query.year ?? 2017);
    const { total } = scorecardTotal.get(year) as { total: number };
    return { items: scorecardPage.all(year), total };
  },
);

await app.listen({ host: '127.0.0.1', port });
