import type { Executor } from '../../db/database.js';

/**
 * The lines of action as the network agreed them: what every other record that names a line
 * (an agenda item, a document, a scorecard activity) reads. Those records keep a line's key, which
 * every version of the priorities keeps too; drafts and versions under consultation are read by
 * the secretariat and contact points only, so a name of a line never comes from them.
 */
export interface AgreedLine {
  key: string;
  /** "1.1.3": the section and the line's number in it. */
  code: string;
  section: string;
  /** The title of the line's section, "Migration, asylum and border management". */
  sectionTitle: string;
  number: number;
  text: string;
  /** The agreed version the line is read from. */
  year: number;
  version: number;
}

function agreedLinesQuery(db: Executor) {
  return db
    .selectFrom('priority_lines')
    .innerJoin('priority_sections', 'priority_sections.id', 'priority_lines.section_id')
    .innerJoin('priority_frameworks', 'priority_frameworks.id', 'priority_sections.framework_id')
    .select([
      'priority_lines.line_key as key',
      'priority_lines.number',
      'priority_lines.text',
      'priority_sections.number as section',
      'priority_sections.title as sectionTitle',
      'priority_frameworks.year',
      'priority_frameworks.version',
    ])
    .where('priority_frameworks.status', '=', 'agreed');
}

function agreedLine(row: Omit<AgreedLine, 'code'>): AgreedLine {
  return { ...row, code: `${row.section}.${String(row.number)}` };
}

/** The lines a record of a year may name: by code and by key (see the two fields). */
export interface AgreedLinesOfYear {
  /** The lines of the year's latest agreed version, by code ("1.1.3"), in their order; empty when none is agreed. */
  byCode: Map<string, AgreedLine>;
  /** Each line by its key, as the latest agreed version of the year or an earlier one words it. */
  byKey: Map<string, AgreedLine>;
}

/**
 * Both readings of a year's lines from one query: every line agreed up to the year, each row
 * marked with the year's latest agreed version (an uncorrelated subquery, evaluated once).
 */
export async function agreedLinesOfYear(db: Executor, year: number): Promise<AgreedLinesOfYear> {
  const rows = await agreedLinesQuery(db)
    .select((eb) =>
      eb
        .selectFrom('priority_frameworks as latest')
        .select(({ fn }) => fn.max('latest.version').as('version'))
        .where('latest.year', '=', year)
        .where('latest.status', '=', 'agreed')
        .as('latestVersion'),
    )
    .where('priority_frameworks.year', '<=', year)
    .orderBy('priority_frameworks.year')
    .orderBy('priority_frameworks.version')
    .orderBy('priority_sections.position')
    .orderBy('priority_lines.number')
    .execute();
  const byCode = new Map<string, AgreedLine>();
  const byKey = new Map<string, AgreedLine>();
  for (const { latestVersion, ...row } of rows) {
    const line = agreedLine(row);
    if (row.year === year && row.version === latestVersion) byCode.set(line.code, line);
    // Later versions come last and win.
    byKey.set(line.key, line);
  }
  return { byCode, byKey };
}

/** The lines of a year's latest agreed version, by code ("1.1.3"); empty when none is agreed. */
export async function agreedLineCodes(
  db: Executor,
  year: number,
): Promise<Map<string, AgreedLine>> {
  return (await agreedLinesOfYear(db, year)).byCode;
}

/**
 * Each line by its key, as it reads in the latest agreed version, of `year` or an earlier year,
 * that holds it: what a record of that year names. A key no agreed version holds is absent.
 * Without `keys`, every line agreed up to that year.
 */
export async function agreedLinesByKey(
  db: Executor,
  year: number,
  keys?: readonly string[],
): Promise<Map<string, AgreedLine>> {
  const result = new Map<string, AgreedLine>();
  if (keys?.length === 0) return result;
  let query = agreedLinesQuery(db).where('priority_frameworks.year', '<=', year);
  if (keys) query = query.where('priority_lines.line_key', 'in', [...new Set(keys)]);
  const rows = await query
    .orderBy('priority_frameworks.year')
    .orderBy('priority_frameworks.version')
    .execute();
  // Later versions come last and win.
  for (const row of rows) result.set(row.key, agreedLine(row));
  return result;
}
