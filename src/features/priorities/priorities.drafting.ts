import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { Database, Trx } from '../../db/database.js';
import type { PriorityFrameworkTable, PriorityRevisionKind } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { claimVersion, unchanged, unlessUnchanged } from '../../db/versioned.js';
import { diff, type AuditChanges, type AuditContext } from '../audit/audit.events.js';
import { isCalendarDate, networkToday } from './priorities.dates.js';
import { memberAgencyIds, notifyOrganisations } from '../notifications/notify.js';

/** A version of a year's priorities, as the API and the pages name it. */
export interface VersionRef {
  year: number;
  version: number;
}

export interface PrincipleInput {
  /** The key of an existing principle being kept; a new one gets a key from its title. */
  key?: string | undefined;
  title: string;
  text: string;
}

export interface FrameworkChanges {
  title?: string | undefined;
  introduction?: string[] | undefined;
  principles?: PrincipleInput[] | undefined;
}

export interface SectionChanges {
  title?: string | undefined;
  objective?: string | undefined;
}

export interface LineChanges {
  text?: string | undefined;
  /** The number of the section to move the line to, such as "2.1". */
  section?: string | undefined;
  /** 1-based place in its (new) section; other lines are renumbered. */
  position?: number | undefined;
}

export const TITLE_MAX = 300;
export const SECTION_TITLE_MAX = 200;
export const TEXT_MAX = 5000;
export const PARAGRAPHS_MAX = 50;
export const MEETING_MAX = 300;

type Framework = Selectable<PriorityFrameworkTable>;

/** What an edit did, for the audit log and, during a consultation, the revision record. */
interface EditOutcome {
  kind: PriorityRevisionKind;
  sectionNumber?: string;
  lineKey?: string;
  changes: AuditChanges;
}

function textError(
  field: string,
  value: string | undefined,
  max: number,
  what: string,
): FieldError | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length === 0 || value.length > max) {
    return { field, message: `Enter ${what} of 1 to ${max.toLocaleString('en')} characters.` };
  }
  return null;
}

function refuseIf(errors: (FieldError | null)[]): void {
  const found = errors.filter((e): e is FieldError => e !== null);
  if (found.length > 0) throw new ValidationError(found);
}

function slug(text: string): string {
  const base = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  return base === '' ? 'principle' : base;
}

export function frozenMessage(framework: {
  year: number;
  version: number;
  agreed_on: string | null;
}): string {
  return `Version ${framework.version} of the ${framework.year} priorities is agreed${
    framework.agreed_on ? ` (${framework.agreed_on})` : ''
  } and can no longer be changed. To change the priorities, start a new version from it.`;
}

/**
 * Drafting a year's priorities: a draft starts as a copy of an existing version, is edited, sent
 * to the member agencies for consultation, revised, and recorded as agreed; an agreed version is
 * frozen. Every change is audited in its own transaction; a change made during a consultation is
 * also recorded as a revision, because the agencies answered an earlier text.
 */
export class PriorityDrafting {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  /** The id of a version of the priorities, which never changes. */
  private async idOf(ref: VersionRef): Promise<string> {
    const framework = await this.database.db
      .selectFrom('priority_frameworks')
      .select('id')
      .where('year', '=', ref.year)
      .where('version', '=', ref.version)
      .executeTakeFirst();
    if (!framework) throw new NotFoundError('No such priorities.');
    return framework.id;
  }

  /**
   * Claims a version of the priorities at the row version the writer saw, first in the
   * transaction, and answers it as it now stands: stale is refused, and so is any change to an
   * agreed version.
   */
  private async claim(trx: Trx, id: string, expectedRowVersion: number): Promise<Framework> {
    await claimVersion(trx, 'priority_frameworks', id, expectedRowVersion);
    const framework = await trx
      .selectFrom('priority_frameworks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (framework.status === 'agreed') {
      throw new ConflictError(frozenMessage(framework), 'priorities_agreed');
    }
    return framework;
  }

  /**
   * Runs an edit of a draft or of a version under consultation; returns the new row version. An
   * edit that changes nothing is undone: the row version stays, and nothing is audited.
   */
  private async edit(
    context: AuditContext,
    ref: VersionRef,
    expectedRowVersion: number,
    change: (trx: Trx, framework: Framework) => Promise<EditOutcome>,
  ): Promise<number> {
    const id = await this.idOf(ref);
    const edited = await unlessUnchanged(this.database.db, async (trx) => {
      const framework = await this.claim(trx, id, expectedRowVersion);
      const rowVersion = framework.row_version;
      const outcome = await change(trx, framework);
      if (Object.keys(outcome.changes).length === 0) return unchanged;
      const revising = framework.status === 'consultation';
      if (revising) {
        await trx
          .insertInto('priority_revisions')
          .values({
            id: randomUUID(),
            framework_id: framework.id,
            revised_at: new Date().toISOString(),
            actor_user_id: context.actor?.userId ?? null,
            kind: outcome.kind,
            section_number: outcome.sectionNumber ?? null,
            line_key: outcome.lineKey ?? null,
            row_version: rowVersion,
          })
          .execute();
      }
      await this.audit.record(trx, context, {
        action: revising ? 'priorities.revise' : 'priorities.edit',
        targetType: 'priorities',
        targetId: framework.id,
        changes: {
          version: `${framework.year}/${framework.version}`,
          part: outcome.kind,
          ...(outcome.sectionNumber ? { section: outcome.sectionNumber } : {}),
          ...(outcome.lineKey ? { line: outcome.lineKey } : {}),
          ...outcome.changes,
        },
      });
      return rowVersion;
    });
    return edited === unchanged ? expectedRowVersion : edited;
  }

  /**
   * Starts a draft for a year as a copy of an existing version, keeping the keys of its lines so
   * the two compare line by line. A year's first version is 1; a later one, such as a change of
   * agreed priorities, takes the next number. A year has at most one version being worked on.
   */
  async startDraft(
    context: AuditContext,
    input: { year: number; from: VersionRef },
  ): Promise<VersionRef> {
    if (!Number.isInteger(input.year) || input.year < 2006 || input.year > 2100) {
      throw new ValidationError([
        { field: 'year', message: 'Enter a year from 2006, when the network began, to 2100.' },
      ]);
    }
    return this.database.db.transaction().execute(async (trx) => {
      const source = await trx
        .selectFrom('priority_frameworks')
        .selectAll()
        .where('year', '=', input.from.year)
        .where('version', '=', input.from.version)
        .executeTakeFirst();
      if (!source) {
        throw new ValidationError([{ field: 'from', message: 'Choose a version to start from.' }]);
      }
      const versions = await trx
        .selectFrom('priority_frameworks')
        .select(['version', 'status'])
        .where('year', '=', input.year)
        .execute();
      const open = versions.find((v) => v.status !== 'agreed');
      if (open) {
        throw new ConflictError(
          `Version ${open.version} of the ${input.year} priorities is still being worked on (${open.status}): continue it, or delete the draft, before starting another.`,
          'priorities_open_version',
        );
      }
      const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
      const chair = await trx
        .selectFrom('chair_years')
        .select('organisation_id')
        .where('year', '=', input.year)
        .executeTakeFirst();
      const id = randomUUID();
      const now = new Date().toISOString();
      await trx
        .insertInto('priority_frameworks')
        .values({
          id,
          year: input.year,
          version,
          status: 'draft',
          title: source.title.replaceAll(String(source.year), String(input.year)),
          chair_organisation_id: chair?.organisation_id ?? null,
          introduction: source.introduction,
          outlook_note: source.outlook_note,
          agreed_on: null,
          agreed_at: null,
          based_on_id: source.id,
          consultation_deadline: null,
          consultation_opened_at: null,
          row_version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.copyContent(trx, source.id, id);
      await this.audit.record(trx, context, {
        action: 'priorities.draft',
        targetType: 'priorities',
        targetId: id,
        changes: {
          version: `${input.year}/${version}`,
          basedOn: `${source.year}/${source.version}`,
        },
      });
      return { year: input.year, version };
    });
  }

  private async copyContent(trx: Trx, fromId: string, toId: string): Promise<void> {
    const [principles, groups, sections] = await Promise.all([
      trx
        .selectFrom('priority_principles')
        .selectAll()
        .where('framework_id', '=', fromId)
        .execute(),
      trx.selectFrom('priority_groups').selectAll().where('framework_id', '=', fromId).execute(),
      trx.selectFrom('priority_sections').selectAll().where('framework_id', '=', fromId).execute(),
    ]);
    if (principles.length > 0) {
      await trx
        .insertInto('priority_principles')
        .values(principles.map((p) => ({ ...p, id: randomUUID(), framework_id: toId })))
        .execute();
    }
    if (groups.length > 0) {
      await trx
        .insertInto('priority_groups')
        .values(groups.map((g) => ({ ...g, id: randomUUID(), framework_id: toId })))
        .execute();
    }
    for (const section of sections) {
      const sectionId = randomUUID();
      await trx
        .insertInto('priority_sections')
        .values({ ...section, id: sectionId, framework_id: toId })
        .execute();
      const [lines, references] = await Promise.all([
        trx.selectFrom('priority_lines').selectAll().where('section_id', '=', section.id).execute(),
        trx
          .selectFrom('priority_references')
          .selectAll()
          .where('section_id', '=', section.id)
          .execute(),
      ]);
      const newLineIds = new Map(lines.map((line) => [line.id, randomUUID()]));
      if (lines.length > 0) {
        await trx
          .insertInto('priority_lines')
          .values(
            lines.map((line) => ({
              ...line,
              id: newLineIds.get(line.id) ?? randomUUID(),
              section_id: sectionId,
            })),
          )
          .execute();
      }
      if (references.length > 0) {
        await trx
          .insertInto('priority_references')
          .values(
            references.map((r) => ({
              ...r,
              id: randomUUID(),
              section_id: sectionId,
              line_id: r.line_id === null ? null : (newLineIds.get(r.line_id) ?? null),
            })),
          )
          .execute();
      }
    }
  }

  /** Changes the title, the introduction or the cross-cutting principles. */
  async updateFramework(
    context: AuditContext,
    ref: VersionRef,
    expectedRowVersion: number,
    changes: FrameworkChanges,
  ): Promise<number> {
    const errors: (FieldError | null)[] = [textError('title', changes.title, TITLE_MAX, 'a title')];
    if (changes.introduction !== undefined) {
      if (changes.introduction.length > PARAGRAPHS_MAX) {
        errors.push({
          field: 'introduction',
          message: `Keep the introduction to ${PARAGRAPHS_MAX} paragraphs.`,
        });
      } else if (changes.introduction.some((p) => p.trim() === '' || p.length > TEXT_MAX)) {
        errors.push({
          field: 'introduction',
          message: `Each paragraph of the introduction needs 1 to ${TEXT_MAX.toLocaleString('en')} characters.`,
        });
      }
    }
    for (const [index, principle] of (changes.principles ?? []).entries()) {
      errors.push(
        textError(`principles.${index}.title`, principle.title, SECTION_TITLE_MAX, 'a title'),
        textError(`principles.${index}.text`, principle.text, TEXT_MAX, 'a text'),
      );
    }
    refuseIf(errors);
    return this.edit(context, ref, expectedRowVersion, async (trx, framework) => {
      const patch = {
        ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
        ...(changes.introduction !== undefined
          ? { introduction: JSON.stringify(changes.introduction.map((p) => p.trim())) }
          : {}),
      };
      const recorded = diff(framework, patch);
      if (Object.keys(patch).length > 0) {
        await trx
          .updateTable('priority_frameworks')
          .set(patch)
          .where('id', '=', framework.id)
          .execute();
      }
      if (changes.principles !== undefined) {
        const before = await trx
          .selectFrom('priority_principles')
          .select(['key', 'title', 'text'])
          .where('framework_id', '=', framework.id)
          .orderBy('position')
          .execute();
        const used = new Set<string>();
        const after = changes.principles.map((p) => {
          let key = p.key && before.some((b) => b.key === p.key) ? p.key : slug(p.title);
          for (let n = 2; used.has(key); n += 1) key = `${slug(p.title)}-${n}`;
          used.add(key);
          return { key, title: p.title.trim(), text: p.text.trim() };
        });
        await trx
          .deleteFrom('priority_principles')
          .where('framework_id', '=', framework.id)
          .execute();
        if (after.length > 0) {
          await trx
            .insertInto('priority_principles')
            .values(
              after.map((p, position) => ({
                id: randomUUID(),
                framework_id: framework.id,
                ...p,
                position,
              })),
            )
            .execute();
        }
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          recorded.principles = {
            before: before.map((p) => p.key),
            after: after.map((p) => p.key),
          };
        }
      }
      return { kind: 'framework', changes: recorded };
    });
  }

  private async section(trx: Trx, frameworkId: string, number: string) {
    const section = await trx
      .selectFrom('priority_sections')
      .selectAll()
      .where('framework_id', '=', frameworkId)
      .where('number', '=', number)
      .executeTakeFirst();
    if (!section) throw new NotFoundError('No such section in these priorities.');
    return section;
  }

  async updateSection(
    context: AuditContext,
    ref: VersionRef,
    number: string,
    expectedRowVersion: number,
    changes: SectionChanges,
  ): Promise<number> {
    refuseIf([
      textError('title', changes.title, SECTION_TITLE_MAX, 'a title'),
      textError('objective', changes.objective, TEXT_MAX, 'an objective'),
    ]);
    return this.edit(context, ref, expectedRowVersion, async (trx, framework) => {
      const section = await this.section(trx, framework.id, number);
      const patch = {
        ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
        ...(changes.objective !== undefined ? { objective: changes.objective.trim() } : {}),
      };
      if (Object.keys(patch).length > 0) {
        await trx
          .updateTable('priority_sections')
          .set(patch)
          .where('id', '=', section.id)
          .execute();
      }
      return { kind: 'section', sectionNumber: number, changes: diff(section, patch) };
    });
  }

  /** The lines of a section in order, numbered 1, 2, 3... again after a change. */
  private async renumber(trx: Trx, sectionId: string, orderedIds: string[]): Promise<void> {
    for (const [index, id] of orderedIds.entries()) {
      await trx
        .updateTable('priority_lines')
        .set({ number: index + 1 })
        .where('id', '=', id)
        .where('section_id', '=', sectionId)
        .execute();
    }
  }

  private async lineIds(trx: Trx, sectionId: string): Promise<string[]> {
    const rows = await trx
      .selectFrom('priority_lines')
      .select('id')
      .where('section_id', '=', sectionId)
      .orderBy('number')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Adds a line of action to a section, at a position or at the end; returns its key. */
  async addLine(
    context: AuditContext,
    ref: VersionRef,
    sectionNumber: string,
    expectedRowVersion: number,
    input: { text: string; position?: number | undefined },
  ): Promise<{ rowVersion: number; key: string }> {
    refuseIf([textError('text', input.text, TEXT_MAX, 'the line of action')]);
    const key = randomUUID();
    const rowVersion = await this.edit(context, ref, expectedRowVersion, async (trx, framework) => {
      const section = await this.section(trx, framework.id, sectionNumber);
      const ids = await this.lineIds(trx, section.id);
      const id = randomUUID();
      await trx
        .insertInto('priority_lines')
        .values({
          id,
          section_id: section.id,
          line_key: key,
          number: ids.length + 1,
          text: input.text.trim(),
        })
        .execute();
      const at = Math.min(Math.max((input.position ?? ids.length + 1) - 1, 0), ids.length);
      ids.splice(at, 0, id);
      await this.renumber(trx, section.id, ids);
      return {
        kind: 'line_added',
        sectionNumber,
        lineKey: key,
        changes: { text: { after: input.text.trim() }, number: at + 1 },
      };
    });
    return { rowVersion, key };
  }

  private async line(trx: Trx, frameworkId: string, key: string) {
    const line = await trx
      .selectFrom('priority_lines')
      .innerJoin('priority_sections', 'priority_sections.id', 'priority_lines.section_id')
      .select([
        'priority_lines.id',
        'priority_lines.text',
        'priority_lines.number',
        'priority_lines.section_id as sectionId',
        'priority_sections.number as sectionNumber',
      ])
      .where('priority_sections.framework_id', '=', frameworkId)
      .where('priority_lines.line_key', '=', key)
      .executeTakeFirst();
    if (!line) throw new NotFoundError('No such line of action in these priorities.');
    return line;
  }

  /** Changes a line's text, moves it within its section, or to another section. */
  async updateLine(
    context: AuditContext,
    ref: VersionRef,
    key: string,
    expectedRowVersion: number,
    changes: LineChanges,
  ): Promise<number> {
    const errors: (FieldError | null)[] = [
      textError('text', changes.text, TEXT_MAX, 'the line of action'),
    ];
    if (
      changes.position !== undefined &&
      (!Number.isInteger(changes.position) || changes.position < 1)
    ) {
      errors.push({ field: 'position', message: 'Enter a position of 1 or more.' });
    }
    refuseIf(errors);
    return this.edit(context, ref, expectedRowVersion, async (trx, framework) => {
      const line = await this.line(trx, framework.id, key);
      const recorded: AuditChanges = {};
      let kind: PriorityRevisionKind = 'line_changed';
      if (changes.text !== undefined && changes.text.trim() !== line.text) {
        await trx
          .updateTable('priority_lines')
          .set({ text: changes.text.trim() })
          .where('id', '=', line.id)
          .execute();
        recorded.text = { before: line.text, after: changes.text.trim() };
      }
      const target =
        changes.section !== undefined && changes.section !== line.sectionNumber
          ? await this.section(trx, framework.id, changes.section).catch(() => {
              throw new ValidationError([
                { field: 'section', message: 'Choose a section of these priorities.' },
              ]);
            })
          : null;
      if (target || changes.position !== undefined) {
        const fromIds = (await this.lineIds(trx, line.sectionId)).filter((id) => id !== line.id);
        const toSectionId = target?.id ?? line.sectionId;
        if (target) {
          await trx
            .updateTable('priority_lines')
            .set({ section_id: target.id })
            .where('id', '=', line.id)
            .execute();
          await trx
            .updateTable('priority_references')
            .set({ section_id: target.id })
            .where('line_id', '=', line.id)
            .execute();
          await this.renumber(trx, line.sectionId, fromIds);
        }
        const toIds = target ? await this.lineIds(trx, target.id) : fromIds;
        const withoutLine = toIds.filter((id) => id !== line.id);
        const at = Math.min((changes.position ?? withoutLine.length + 1) - 1, withoutLine.length);
        withoutLine.splice(at, 0, line.id);
        await this.renumber(trx, toSectionId, withoutLine);
        const section = target?.number ?? line.sectionNumber;
        if (section !== line.sectionNumber || at + 1 !== line.number) {
          recorded.position = {
            before: `${line.sectionNumber}/${line.number}`,
            after: `${section}/${at + 1}`,
          };
          if (recorded.text === undefined) kind = 'line_moved';
        }
      }
      return {
        kind,
        sectionNumber: target?.number ?? line.sectionNumber,
        lineKey: key,
        changes: recorded,
      };
    });
  }

  async removeLine(
    context: AuditContext,
    ref: VersionRef,
    key: string,
    expectedRowVersion: number,
  ): Promise<number> {
    return this.edit(context, ref, expectedRowVersion, async (trx, framework) => {
      const line = await this.line(trx, framework.id, key);
      await trx.deleteFrom('priority_references').where('line_id', '=', line.id).execute();
      await trx.deleteFrom('priority_lines').where('id', '=', line.id).execute();
      await this.renumber(trx, line.sectionId, await this.lineIds(trx, line.sectionId));
      return {
        kind: 'line_removed',
        sectionNumber: line.sectionNumber,
        lineKey: key,
        changes: { text: { before: line.text }, number: line.number },
      };
    });
  }

  /** Deletes a draft and everything in it. A version once consulted on is kept. */
  async deleteDraft(
    context: AuditContext,
    ref: VersionRef,
    expectedRowVersion: number,
  ): Promise<void> {
    const id = await this.idOf(ref);
    await this.database.db.transaction().execute(async (trx) => {
      const framework = await this.claim(trx, id, expectedRowVersion);
      if (framework.status !== 'draft') {
        throw new ConflictError(
          'The member agencies are being consulted on this version: it is no longer a draft and cannot be deleted.',
          'priorities_not_draft',
        );
      }
      await trx
        .updateTable('priority_frameworks')
        .set({ based_on_id: null })
        .where('based_on_id', '=', framework.id)
        .execute();
      await trx.deleteFrom('priority_frameworks').where('id', '=', framework.id).execute();
      await this.audit.record(trx, context, {
        action: 'priorities.delete',
        targetType: 'priorities',
        targetId: framework.id,
        changes: { version: `${framework.year}/${framework.version}`, title: framework.title },
      });
    });
  }

  /**
   * Sends a draft to the member agencies' contact points, who answer until the end of the
   * deadline day. On a version already in consultation, this moves the deadline.
   */
  async openConsultation(
    context: AuditContext,
    ref: VersionRef,
    expectedRowVersion: number,
    input: { deadline: string },
  ): Promise<number> {
    if (!isCalendarDate(input.deadline)) {
      throw new ValidationError([
        { field: 'deadline', message: 'Enter the deadline as a date, such as 2026-01-31.' },
      ]);
    }
    if (input.deadline < networkToday()) {
      throw new ValidationError([
        { field: 'deadline', message: 'The deadline cannot be in the past.' },
      ]);
    }
    const id = await this.idOf(ref);
    return this.database.db.transaction().execute(async (trx) => {
      const framework = await this.claim(trx, id, expectedRowVersion);
      const rowVersion = framework.row_version;
      const now = new Date().toISOString();
      await trx
        .updateTable('priority_frameworks')
        .set({
          status: 'consultation',
          consultation_deadline: input.deadline,
          consultation_opened_at: framework.consultation_opened_at ?? now,
        })
        .where('id', '=', framework.id)
        .execute();
      await this.audit.record(trx, context, {
        action: 'priorities.consultation_open',
        targetType: 'priorities',
        targetId: framework.id,
        changes: {
          version: `${framework.year}/${framework.version}`,
          ...diff(framework, {
            status: 'consultation' as const,
            consultation_deadline: input.deadline,
          }),
        },
      });
      if (framework.consultation_opened_at === null)
        await notifyOrganisations(trx, {
          kind: 'consultation_open',
          subjectId: framework.id,
          organisationIds: await memberAgencyIds(trx),
        });
      return rowVersion;
    });
  }

  /** Records that the network agreed this version, at a meeting, on a day; it is then frozen. */
  async recordAgreement(
    context: AuditContext,
    ref: VersionRef,
    expectedRowVersion: number,
    input: { agreedOn: string; agreedAt: string },
  ): Promise<number> {
    const errors: (FieldError | null)[] = [
      textError('agreedAt', input.agreedAt, MEETING_MAX, 'the meeting that agreed them'),
    ];
    if (!isCalendarDate(input.agreedOn)) {
      errors.push({
        field: 'agreedOn',
        message: 'Enter the day of agreement as a date, such as 2026-01-31.',
      });
    } else if (input.agreedOn > networkToday()) {
      errors.push({ field: 'agreedOn', message: 'The day of agreement cannot be in the future.' });
    }
    refuseIf(errors);
    const id = await this.idOf(ref);
    return this.database.db.transaction().execute(async (trx) => {
      const framework = await this.claim(trx, id, expectedRowVersion);
      const rowVersion = framework.row_version;
      const patch = {
        status: 'agreed' as const,
        agreed_on: input.agreedOn,
        agreed_at: input.agreedAt.trim(),
      };
      await trx
        .updateTable('priority_frameworks')
        .set(patch)
        .where('id', '=', framework.id)
        .execute();
      await this.audit.record(trx, context, {
        action: 'priorities.agree',
        targetType: 'priorities',
        targetId: framework.id,
        changes: { version: `${framework.year}/${framework.version}`, ...diff(framework, patch) },
      });
      return rowVersion;
    });
  }
}
