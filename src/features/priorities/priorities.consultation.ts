import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import {
  ConflictError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { Database, Executor } from '../../db/database.js';
import { claimVersion } from '../../db/versioned.js';
import {
  priorityAnswerKinds,
  type PriorityAnswerKind,
  type PriorityRevisionKind,
  type PriorityStatus,
} from '../../db/schema.js';
import type { AuditLog } from '../audit/audit.service.js';
import { diff, type AuditContext } from '../audit/audit.events.js';
import { consultationOpen, networkToday } from './priorities.dates.js';
import { TEXT_MAX, frozenMessage, type VersionRef } from './priorities.drafting.js';
import { visibleAnswers, visibleFrameworks } from './priorities.policy.js';

export interface AnswerView {
  id: string;
  section: string;
  agency: string;
  kind: PriorityAnswerKind;
  /** For a proposed change: the line it is about, and its number now (null if since removed). */
  lineKey: string | null;
  lineNumber: number | null;
  text: string;
  authorName: string | null;
  /** Whether the actor's agency gave it, and so may change or withdraw it while open. */
  mine: boolean;
  rowVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface RevisionView {
  revisedAt: string;
  kind: PriorityRevisionKind;
  section: string | null;
  lineKey: string | null;
  byName: string | null;
}

export interface AgencyProgress {
  acronym: string;
  name: string;
  answers: number;
  /** Answers per section number. */
  bySection: Record<string, number>;
}

export interface ConsultationView {
  year: number;
  version: number;
  status: PriorityStatus;
  title: string;
  deadline: string;
  /** Whether answers are still taken: in consultation and the deadline day not over. */
  open: boolean;
  sections: {
    number: string;
    title: string;
    lines: { key: string; number: number; text: string }[];
  }[];
  answers: AnswerView[];
  revisions: RevisionView[];
  /** Every member agency and how many answers it gave: for the secretariat only. */
  agencies: AgencyProgress[] | null;
}

export interface AnswerInput {
  section: string;
  kind: PriorityAnswerKind;
  lineKey?: string | null | undefined;
  text: string;
}

export type AnswerChanges = Partial<AnswerInput>;

/** Why answers are no longer taken: the version was agreed, or the deadline day is over. */
export function closedMessage(consultation: {
  year: number;
  version: number;
  status: PriorityStatus;
  deadline: string;
  agreedOn?: string | null;
}): string {
  if (consultation.status === 'agreed') {
    return `The consultation is over: ${frozenMessage({ ...consultation, agreed_on: consultation.agreedOn ?? null })}`;
  }
  return `The consultation closed at the end of ${consultation.deadline} (Brussels time): answers can no longer be added, changed or withdrawn.`;
}

/**
 * The consultation of the member agencies on a version of the priorities: each agency's contact
 * points answer section by section until the deadline; the secretariat reads every answer.
 */
export class PriorityConsultation {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  /** A version the actor may read that has been put to consultation; else not found. */
  private async framework(actor: Actor, ref: VersionRef, executor?: Executor) {
    const framework = await (executor ?? this.database.db)
      .selectFrom('priority_frameworks')
      .selectAll()
      .where(visibleFrameworks(actor))
      .where('year', '=', ref.year)
      .where('version', '=', ref.version)
      .where('consultation_deadline', 'is not', null)
      .executeTakeFirst();
    if (!framework?.consultation_deadline) throw new NotFoundError('No such consultation.');
    return { ...framework, consultation_deadline: framework.consultation_deadline };
  }

  async get(actor: Actor, ref: VersionRef): Promise<ConsultationView> {
    const framework = await this.framework(actor, ref);
    const db = this.database.db;
    const [sections, lines, answers, revisions] = await Promise.all([
      db
        .selectFrom('priority_sections')
        .select(['id', 'number', 'title'])
        .where('framework_id', '=', framework.id)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('priority_lines')
        .innerJoin('priority_sections', 'priority_sections.id', 'priority_lines.section_id')
        .select([
          'priority_lines.section_id as sectionId',
          'priority_lines.line_key as key',
          'priority_lines.number',
          'priority_lines.text',
        ])
        .where('priority_sections.framework_id', '=', framework.id)
        .orderBy('priority_lines.number')
        .execute(),
      db
        .selectFrom('priority_answers')
        .innerJoin('priority_frameworks', 'priority_frameworks.id', 'priority_answers.framework_id')
        .innerJoin('priority_sections', 'priority_sections.id', 'priority_answers.section_id')
        .innerJoin('organisations', 'organisations.id', 'priority_answers.organisation_id')
        .leftJoin('users', 'users.id', 'priority_answers.author_user_id')
        .where(visibleAnswers(actor, networkToday()))
        .where('priority_answers.framework_id', '=', framework.id)
        .select([
          'priority_answers.id',
          'priority_sections.number as section',
          'priority_sections.position as sectionPosition',
          'organisations.acronym as agency',
          'priority_answers.organisation_id as organisationId',
          'priority_answers.kind',
          'priority_answers.line_key as lineKey',
          'priority_answers.text',
          'users.name as authorName',
          'priority_answers.row_version as rowVersion',
          'priority_answers.created_at as createdAt',
          'priority_answers.updated_at as updatedAt',
        ])
        .orderBy('priority_sections.position')
        .orderBy('organisations.acronym')
        .orderBy('priority_answers.created_at')
        .execute(),
      db
        .selectFrom('priority_revisions')
        .leftJoin('users', 'users.id', 'priority_revisions.actor_user_id')
        .select([
          'priority_revisions.revised_at as revisedAt',
          'priority_revisions.kind',
          'priority_revisions.section_number as section',
          'priority_revisions.line_key as lineKey',
          'users.name as byName',
        ])
        .where('priority_revisions.framework_id', '=', framework.id)
        .orderBy('priority_revisions.revised_at')
        .execute(),
    ]);
    const lineNumbers = new Map(lines.map((l) => [l.key, l.number]));
    const answerViews: AnswerView[] = answers.map(
      ({ sectionPosition: _position, organisationId, ...a }) => ({
        ...a,
        lineNumber: a.lineKey === null ? null : (lineNumbers.get(a.lineKey) ?? null),
        mine: actor.role === 'contact' && organisationId === actor.organisationId,
      }),
    );
    let agencies: AgencyProgress[] | null = null;
    if (actor.role === 'admin') {
      const members = await db
        .selectFrom('organisations')
        .select(['acronym', 'name'])
        .where('kind', '=', 'agency')
        .execute();
      const collator = new Intl.Collator('en', { sensitivity: 'base' });
      agencies = members
        .sort((a, b) => collator.compare(a.acronym, b.acronym))
        .map((m) => {
          const given = answerViews.filter((a) => a.agency === m.acronym);
          const bySection: Record<string, number> = {};
          for (const a of given) bySection[a.section] = (bySection[a.section] ?? 0) + 1;
          return { ...m, answers: given.length, bySection };
        });
    }
    return {
      year: framework.year,
      version: framework.version,
      status: framework.status,
      title: framework.title,
      deadline: framework.consultation_deadline,
      open:
        framework.status === 'consultation' && consultationOpen(framework.consultation_deadline),
      sections: sections.map((s) => ({
        number: s.number,
        title: s.title,
        lines: lines
          .filter((l) => l.sectionId === s.id)
          .map(({ key, number, text }) => ({ key, number, text })),
      })),
      answers: answerViews,
      revisions,
      agencies,
    };
  }

  /** One answer of the actor's own agency; others' answers are not theirs to change. */
  async ownAnswer(actor: Actor, ref: VersionRef, id: string): Promise<AnswerView> {
    const consultation = await this.get(actor, ref);
    const answer = consultation.answers.find((a) => a.id === id && a.mine);
    if (!answer) throw new NotFoundError('No such answer of your agency.');
    return answer;
  }

  /** Checks that answers are still taken. */
  private async openFramework(executor: Executor, actor: Actor, ref: VersionRef) {
    const framework = await this.framework(actor, ref, executor);
    if (framework.status === 'agreed' || !consultationOpen(framework.consultation_deadline)) {
      throw new ConflictError(
        closedMessage({
          ...framework,
          deadline: framework.consultation_deadline,
          agreedOn: framework.agreed_on,
        }),
        'consultation_closed',
      );
    }
    return framework;
  }

  /** Validates an answer against the version's sections and lines; returns the section id. */
  private async check(
    executor: Executor,
    frameworkId: string,
    input: AnswerInput,
  ): Promise<string> {
    const errors: FieldError[] = [];
    const section = await executor
      .selectFrom('priority_sections')
      .select('id')
      .where('framework_id', '=', frameworkId)
      .where('number', '=', input.section)
      .executeTakeFirst();
    if (!section)
      errors.push({ field: 'section', message: 'Choose a section of these priorities.' });
    if (!priorityAnswerKinds.includes(input.kind)) {
      errors.push({
        field: 'kind',
        message: 'Choose a comment, a proposed change of a line or a proposed new line.',
      });
    }
    if (input.kind === 'change') {
      const line =
        section && input.lineKey
          ? await executor
              .selectFrom('priority_lines')
              .select('id')
              .where('section_id', '=', section.id)
              .where('line_key', '=', input.lineKey)
              .executeTakeFirst()
          : undefined;
      if (section && !line) {
        errors.push({
          field: 'lineKey',
          message: 'Choose the line of this section that the change is about.',
        });
      }
    } else if (input.lineKey) {
      errors.push({
        field: 'lineKey',
        message: 'Only a proposed change is about an existing line: leave the line empty.',
      });
    }
    if (input.text.trim() === '' || input.text.length > TEXT_MAX) {
      errors.push({
        field: 'text',
        message: `Enter your answer in 1 to ${TEXT_MAX.toLocaleString('en')} characters.`,
      });
    }
    if (errors.length > 0 || !section) throw new ValidationError(errors);
    return section.id;
  }

  async createAnswer(
    context: AuditContext,
    actor: Actor,
    ref: VersionRef,
    input: AnswerInput,
  ): Promise<string> {
    const id = randomUUID();
    await this.database.db.transaction().execute(async (trx) => {
      const framework = await this.openFramework(trx, actor, ref);
      const sectionId = await this.check(trx, framework.id, input);
      const now = new Date().toISOString();
      const row = {
        id,
        framework_id: framework.id,
        section_id: sectionId,
        organisation_id: actor.organisationId,
        author_user_id: actor.userId,
        kind: input.kind,
        line_key: input.kind === 'change' ? (input.lineKey ?? null) : null,
        text: input.text.trim(),
        row_version: 1,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('priority_answers').values(row).execute();
      await this.audit.record(trx, context, {
        action: 'priority_answer.create',
        targetType: 'priority_answer',
        targetId: id,
        changes: {
          version: `${framework.year}/${framework.version}`,
          section: input.section,
          agency: actor.organisationAcronym,
          kind: row.kind,
          line: row.line_key,
          text: row.text,
        },
      });
    });
    return id;
  }

  private async ownRow(executor: Executor, actor: Actor, frameworkId: string, id: string) {
    const row = await executor
      .selectFrom('priority_answers')
      .innerJoin('priority_sections', 'priority_sections.id', 'priority_answers.section_id')
      .selectAll('priority_answers')
      .select('priority_sections.number as section')
      .where('priority_answers.id', '=', id)
      .where('priority_answers.framework_id', '=', frameworkId)
      .where('priority_answers.organisation_id', '=', actor.organisationId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such answer of your agency.');
    return row;
  }

  async updateAnswer(
    context: AuditContext,
    actor: Actor,
    ref: VersionRef,
    id: string,
    expectedRowVersion: number,
    changes: AnswerChanges,
  ): Promise<void> {
    const db = this.database.db;
    const framework = await this.openFramework(db, actor, ref);
    const before = await this.ownRow(db, actor, framework.id, id);
    // The claim below finds the answer at this version, so `before` is what it changes.
    if (before.row_version !== expectedRowVersion) {
      throw new StaleVersionError(before.row_version);
    }
    const kind = changes.kind ?? before.kind;
    const merged: AnswerInput = {
      section: changes.section ?? before.section,
      kind,
      // A change of kind away from "change" drops the line, unless one is named anew.
      lineKey:
        changes.lineKey !== undefined
          ? changes.lineKey
          : kind === 'change'
            ? before.line_key
            : null,
      text: changes.text ?? before.text,
    };
    const sectionId = await this.check(db, framework.id, merged);
    const patch = {
      section_id: sectionId,
      kind,
      line_key: kind === 'change' ? (merged.lineKey ?? null) : null,
      text: merged.text.trim(),
    };
    const recorded = diff(before, patch);
    if (Object.keys(recorded).length === 0) return;
    await db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'priority_answers', id, expectedRowVersion);
      await trx.updateTable('priority_answers').set(patch).where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'priority_answer.update',
        targetType: 'priority_answer',
        targetId: id,
        changes: { version: `${framework.year}/${framework.version}`, ...recorded },
      });
    });
  }

  async withdrawAnswer(
    context: AuditContext,
    actor: Actor,
    ref: VersionRef,
    id: string,
    expectedRowVersion: number,
  ): Promise<void> {
    const db = this.database.db;
    const framework = await this.openFramework(db, actor, ref);
    const before = await this.ownRow(db, actor, framework.id, id);
    if (before.row_version !== expectedRowVersion) {
      throw new StaleVersionError(before.row_version);
    }
    await db.transaction().execute(async (trx) => {
      await claimVersion(trx, 'priority_answers', id, expectedRowVersion);
      await trx.deleteFrom('priority_answers').where('id', '=', id).execute();
      await this.audit.record(trx, context, {
        action: 'priority_answer.withdraw',
        targetType: 'priority_answer',
        targetId: id,
        changes: {
          version: `${framework.year}/${framework.version}`,
          section: before.section,
          agency: actor.organisationAcronym,
          kind: before.kind,
          text: before.text,
        },
      });
    });
  }
}
