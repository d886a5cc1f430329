// The baseline of the benchmark: the least a Node server can do to answer GET /api/agencies and
// the first page of a scorecard, each as the platform answers it. Plain Fastify, prepared
// statements on the platform's own database (its SQLite file opened read-only, or its PostgreSQL
// database), no authentication, no hooks, no logging.
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
// The first page of a year's scorecard in its default order (title, then id), from the index that
// serves that order, as the platform reads it.
const pageOrder = 'where a.year = $year order by lower(a.title), a.id limit 50';
// Its summaries: the activity rows with their lead, without the activities' other parts.
const summaryColumns = `a.id, a.title, a.kind, a.status, a.assessment, a.planned_start as "plannedStart",
  a.planned_end as "plannedEnd", a.version, a.updated_at as "updatedAt", o.acronym as lead`;
const summariesQuery = `select ${summaryColumns}
  from scorecard_activities a join organisations o on o.id = a.lead_organisation_id ${pageOrder}`;
const activitiesQuery = `select a.* from scorecard_activities a ${pageOrder}`;
const totalQuery = 'select count(*) as total from scorecard_activities where year = $year';
// The parts of the page's activities, each from the index on its activity, in the platform's order.
const partsQueries = {
  organisations: `select activity_id as "activityId", role, organisation_id as "organisationId"
    from scorecard_activity_organisations where activity_id $ids`,
  lines: `select activity_id as "activityId", line_key as key
    from scorecard_activity_lines where activity_id $ids order by position`,
  tags: `select activity_id as "activityId", tag from scorecard_activity_tags
    where activity_id $ids order by tag`,
  indicators: `select activity_id as "activityId", name, unit, target, value
    from scorecard_indicators where activity_id $ids order by position`,
  deliverables: `select activity_id as "activityId", title, url, due_on as date
    from scorecard_deliverables where activity_id $ids order by position`,
};
// What the activities name, read for each answer as the platform does: the organisations, their
// former names, and the lines of action agreed up to the year (a later version's wording wins).
const organisationsQuery = 'select id, acronym, name, kind from organisations';
const namesQuery = `select organisation_id as "organisationId", acronym, valid_from as "validFrom",
  valid_until as "validUntil" from organisation_names`;
const agreedLinesQuery = `select l.line_key as key, l.number, l.text, s.number as section
  from priority_lines l join priority_sections s on s.id = l.section_id
  join priority_frameworks f on f.id = s.framework_id
  where f.status = 'agreed' and f.year <= $year order by f.year, f.version`;

interface ActivityRow {
  id: string;
  year: number;
  title: string;
  description: string;
  lead_organisation_id: string;
  kind: string;
  planned_start: string;
  planned_end: string;
  status: string;
  assessment: string | null;
  assessment_reason: string;
  released_to_observers: number;
  version: number;
  created_at: string;
  updated_at: string;
}
interface Organisation {
  id: string;
  acronym: string;
  name: string;
  kind: string;
  acronymOnDate?: string;
}
interface FormerName {
  organisationId: string;
  acronym: string;
  validFrom: string | null;
  validUntil: string | null;
}
interface AgreedLine {
  key: string;
  number: number;
  text: string;
  section: string;
}
interface Parts {
  organisations: { activityId: string; role: string; organisationId: string }[];
  lines: { activityId: string; key: string }[];
  tags: { activityId: string; tag: string }[];
  indicators: {
    activityId: string;
    name: string;
    unit: string;
    target: number | null;
    value: number | null;
  }[];
  deliverables: { activityId: string; title: string; url: string | null; date: string | null }[];
}
type PartName = keyof typeof partsQueries;

interface Queries {
  agencies(): Promise<unknown[]>;
  scorecardSummaries(year: number): Promise<unknown[]>;
  scorecardActivities(year: number): Promise<ActivityRow[]>;
  scorecardTotal(year: number): Promise<number>;
  part(name: PartName, ids: string[]): Promise<unknown[]>;
  organisations(): Promise<Organisation[]>;
  formerNames(): Promise<FormerName[]>;
  agreedLines(year: number): Promise<AgreedLine[]>;
}

/** Prepared statements on the platform's SQLite file, opened read-only. */
function sqliteQueries(path: string): Queries {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  // A page's ids are bound as one JSON array.
  const prepare = (text: string) =>
    db.prepare(
      text.replaceAll('$year', '?').replaceAll('$ids', 'in (select value from json_each(?))'),
    );
  const agencies = prepare(`select ${agencyColumns} from organisations
    where kind = 'agency' order by acronym collate nocase`);
  const summaries = prepare(summariesQuery);
  const activities = prepare(activitiesQuery);
  const total = prepare(totalQuery);
  const parts = new Map(
    Object.entries(partsQueries).map(([name, text]) => [name, prepare(text)] as const),
  );
  const organisations = prepare(organisationsQuery);
  const names = prepare(namesQuery);
  const lines = prepare(agreedLinesQuery);
  return {
    agencies: () => Promise.resolve(agencies.all()),
    scorecardSummaries: (year) => Promise.resolve(summaries.all(year)),
    scorecardActivities: (year) => Promise.resolve(activities.all(year) as ActivityRow[]),
    scorecardTotal: (year) => Promise.resolve((total.get(year) as { total: number }).total),
    part: (name, ids) => Promise.resolve(parts.get(name)?.all(JSON.stringify(ids)) ?? []),
    organisations: () => Promise.resolve(organisations.all() as Organisation[]),
    formerNames: () => Promise.resolve(names.all() as FormerName[]),
    agreedLines: (year) => Promise.resolve(lines.all(year) as AgreedLine[]),
  };
}

/** Named (prepared once per connection) statements on the platform's PostgreSQL database. */
function postgresQueries(url: string): Queries {
  // As many connections as the platform's pool holds by default.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const rows = async <Row>(name: string, text: string, values: unknown[] = []) =>
    (
      await pool.query({
        name,
        text: text.replaceAll('$year', '$1').replaceAll('$ids', '= any($1)'),
        values,
      })
    ).rows as Row[];
  return {
    agencies: () =>
      rows(
        'agencies',
        `select ${agencyColumns} from organisations
        where kind = 'agency' order by lower(acronym)`,
      ),
    scorecardSummaries: (year) => rows('summaries', summariesQuery, [year]),
    scorecardActivities: (year) => rows('activities', activitiesQuery, [year]),
    scorecardTotal: async (year) => {
      const text = totalQuery.replace('count(*)', 'count(*)::int');
      const [row] = await rows<{ total: number }>('total', text, [year]);
      return row?.total ?? 0;
    },
    part: (name, ids) => rows(`part ${name}`, partsQueries[name], [ids]),
    organisations: () => rows('organisations', organisationsQuery),
    formerNames: () => rows('names', namesQuery),
    agreedLines: (year) => rows('lines', agreedLinesQuery, [year]),
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

const summarySchema = {
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
const yearOf = (query: { year?: string }) => Number(query.year ?? 2017);

app.get<{ Querystring: { year?: string } }>(
  '/api/scorecard/summaries',
  { schema: { response: { 200: summarySchema } } },
  async (request) => {
    const year = yearOf(request.query);
    const [items, total] = await Promise.all([
      queries.scorecardSummaries(year),
      queries.scorecardTotal(year),
    ]);
    return { items, total };
  },
);

const organisationSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    acronym: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    acronymOnDate: { type: 'string' },
  },
};
const activitySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    year: { type: 'integer' },
    title: { type: 'string' },
    description: { type: 'string' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          code: { type: 'string' },
          section: { type: 'string' },
          text: { type: 'string' },
        },
      },
    },
    lead: organisationSchema,
    participants: { type: 'array', items: organisationSchema },
    partners: { type: 'array', items: organisationSchema },
    kind: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    plannedStart: { type: 'string' },
    plannedEnd: { type: 'string' },
    status: { type: 'string' },
    assessment: nullableString,
    assessmentReason: { type: 'string' },
    releasedToObservers: { type: 'boolean' },
    indicators: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          unit: { type: 'string' },
          target: { type: ['number', 'null'] },
          value: { type: ['number', 'null'] },
        },
      },
    },
    deliverables: {
      type: 'array',
      items: {
        type: 'object',
        properties: { title: { type: 'string' }, url: nullableString, date: nullableString },
      },
    },
    version: { type: 'integer' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
};
const scorecardSchema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: activitySchema },
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    year: { type: 'integer' },
    asOf: { type: 'null' },
  },
};

/** The organisation as named on `day`: its former acronym then, when it had another. */
function namedOn(organisation: Organisation, formerNames: FormerName[], day: string): Organisation {
  const former = formerNames.find(
    (name) =>
      (name.validFrom === null || name.validFrom <= day) &&
      name.validUntil !== null &&
      day < name.validUntil,
  );
  return !former || former.acronym === organisation.acronym
    ? organisation
    : { ...organisation, acronymOnDate: former.acronym };
}

const byAcronym = (a: Organisation, b: Organisation) =>
  a.acronym < b.acronym ? -1 : a.acronym > b.acronym ? 1 : 0;

/** The rows of a list by the value of one of their fields, each group in the list's order. */
function groupBy<Row, Key extends keyof Row>(rows: Row[], key: Key): Map<Row[Key], Row[]> {
  const groups = new Map<Row[Key], Row[]>();
  for (const row of rows) {
    const group = groups.get(row[key]);
    if (group) group.push(row);
    else groups.set(row[key], [row]);
  }
  return groups;
}

const missingLine = (key: string) => ({
  key,
  code: '?',
  section: '?',
  text: 'A line no longer in the priorities',
});

/** The first page of a year's scorecard, each activity whole, as the platform answers it. */
async function scorecardPage(year: number) {
  const [rows, total, organisationRows, formerNameRows, agreedLines] = await Promise.all([
    queries.scorecardActivities(year),
    queries.scorecardTotal(year),
    queries.organisations(),
    queries.formerNames(),
    queries.agreedLines(year),
  ]);
  const ids = rows.map((row) => row.id);
  const [organisationsOf, linesOf, tagsOf, indicatorsOf, deliverablesOf] = await Promise.all([
    queries
      .part('organisations', ids)
      .then((r) => groupBy(r as Parts['organisations'], 'activityId')),
    queries.part('lines', ids).then((r) => groupBy(r as Parts['lines'], 'activityId')),
    queries.part('tags', ids).then((r) => groupBy(r as Parts['tags'], 'activityId')),
    queries.part('indicators', ids).then((r) => groupBy(r as Parts['indicators'], 'activityId')),
    queries
      .part('deliverables', ids)
      .then((r) => groupBy(r as Parts['deliverables'], 'activityId')),
  ]);
  const organisations = new Map(organisationRows.map((row) => [row.id, row]));
  const formerNames = groupBy(formerNameRows, 'organisationId');
  const lines = new Map(
    agreedLines.map((line) => [
      line.key,
      {
        key: line.key,
        code: `${line.section}.${String(line.number)}`,
        section: line.section,
        text: line.text,
      },
    ]),
  );
  const items = rows.map((row) => {
    const day = row.planned_start.slice(0, 10);
    const named = (id: string) => {
      // Every reference to an organisation is a foreign key.
      const organisation = organisations.get(id) as Organisation;
      return namedOn(organisation, formerNames.get(id) ?? [], day);
    };
    const involved = (participants: boolean) =>
      (organisationsOf.get(row.id) ?? [])
        .filter((o) => (o.role === 'participant') === participants)
        .map((o) => organisations.get(o.organisationId) as Organisation)
        .sort(byAcronym)
        .map((o) => named(o.id));
    return {
      id: row.id,
      year: row.year,
      title: row.title,
      description: row.description,
      lines: (linesOf.get(row.id) ?? []).map(({ key }) => lines.get(key) ?? missingLine(key)),
      lead: named(row.lead_organisation_id),
      participants: involved(true),
      partners: involved(false),
      kind: row.kind,
      tags: (tagsOf.get(row.id) ?? []).map(({ tag }) => tag),
      plannedStart: row.planned_start,
      plannedEnd: row.planned_end,
      status: row.status,
      assessment: row.assessment,
      assessmentReason: row.assessment_reason,
      releasedToObservers: row.released_to_observers === 1,
      indicators: indicatorsOf.get(row.id) ?? [],
      deliverables: deliverablesOf.get(row.id) ?? [],
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
  return { items, total, page: 1, pageSize: 50, year, asOf: null };
}

app.get<{ Querystring: { year?: string } }>(
  '/api/scorecard',
  { schema: { response: { 200: scorecardSchema } } },
  (request) => scorecardPage(yearOf(request.query)),
);

await app.listen({ host: '127.0.0.1', port });
