import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { h, type Html } from '../../../app/html/jsx.js';
import { Button, CsrfField, Notification } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { type FieldError } from '../../../app/errors.js';
import { formatDate } from '../../../app/i18n/format.js';
import { type PrincipleInput, type VersionRef } from '../priorities.drafting.js';
import { ConflictNotice, formText, sendPage, versionPath } from '../priorities.page-kit.js';
import { prioritiesPolicy } from '../priorities.policy.js';
import type { FrameworkView } from '../priorities.service.js';

export const SectionPageParams = Type.Object({
  year: Type.Integer({ minimum: 2006, maximum: 2100 }),
  version: Type.Integer({ minimum: 1, maximum: 10_000 }),
  section: Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$' }),
});
export const LinePageParams = Type.Object({
  year: Type.Integer({ minimum: 2006, maximum: 2100 }),
  version: Type.Integer({ minimum: 1, maximum: 10_000 }),
  key: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
});

export const NewDraftForm = Type.Object(
  { year: formText(10), from: formText(20) },
  { additionalProperties: false },
);
export const NewDraftQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 20 })) });
// Principles are numbered fields (principleTitle0, principleText0, principleKey0...) so that every
// field has its own id and label.
export const FrameworkForm = Type.Record(
  Type.String({ pattern: '^(version|title|introduction|principle(Key|Title|Text)\\d{1,2})$' }),
  Type.String({ maxLength: 20_000 }),
);
export const SectionForm = Type.Object(
  { version: formText(12), title: formText(), objective: formText() },
  { additionalProperties: false },
);
export const NewLineForm = Type.Object(
  { version: formText(12), text: formText() },
  { additionalProperties: false },
);
export const LineForm = Type.Object(
  { version: formText(12), text: formText(), section: formText(8) },
  { additionalProperties: false },
);
export const MoveForm = Type.Object(
  { version: formText(12), position: formText(6) },
  { additionalProperties: false },
);
export const VersionOnlyForm = Type.Object(
  { version: formText(12) },
  { additionalProperties: false },
);
export const ConsultationForm = Type.Object(
  { version: formText(12), deadline: formText(20) },
  { additionalProperties: false },
);
export const AgreementForm = Type.Object(
  { version: formText(12), agreedOn: formText(20), agreedAt: formText(1000) },
  { additionalProperties: false },
);
export const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });

/** Paragraphs in a text area are separated by empty lines. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
}

export function refOf(params: { year: number; version: number }): VersionRef {
  return { year: params.year, version: params.version };
}

export function versionTitle(ctx: PageContext, framework: FrameworkView): string {
  return ctx.t('priorities.edit.versionName', {
    version: framework.version,
    year: framework.year,
  });
}

/** Links to the steps open to the secretariat on a version, by its status. */
export function WorkflowActions({
  ctx,
  framework,
}: {
  ctx: PageContext;
  framework: FrameworkView;
}): Html | null {
  const { t } = ctx;
  const path = versionPath(framework);
  const links: [string, string][] = [];
  if (prioritiesPolicy.draft.allows(ctx.actor)) {
    if (framework.status !== 'agreed') links.push([`${path}/edit`, t('priorities.edit.action')]);
    if (framework.status === 'draft') {
      links.push([`${path}/consultation/open`, t('priorities.consult.openAction')]);
    }
    if (framework.status === 'consultation') {
      links.push([`${path}/consultation/open`, t('priorities.consult.deadlineAction')]);
    }
    if (framework.status !== 'agreed') {
      links.push([`${path}/agreement`, t('priorities.agree.action')]);
    }
    if (framework.status === 'draft') links.push([`${path}/delete`, t('priorities.delete.action')]);
    links.push([
      `/priorities/new?from=${framework.year}/${framework.version}`,
      t('priorities.draft.fromThis'),
    ]);
  }
  if (framework.consultationDeadline && prioritiesPolicy.consultation.allows(ctx.actor)) {
    links.push([`${path}/consultation`, t('priorities.consult.action')]);
  }
  if (framework.basedOn) {
    links.push([
      `/priorities/compare?from=${framework.basedOn}&to=${framework.year}/${framework.version}`,
      t('priorities.compare.withBase', { base: framework.basedOn }),
    ]);
  }
  if (links.length === 0) return null;
  return (
    <nav aria-label={t('priorities.actions')} class="ecl-u-mb-l">
      <ul class="ecl-unordered-list">
        {links.map(([href, label]) => (
          <li class="ecl-unordered-list__item">
            <a class="ecl-link" href={href}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function StatusNotice({ ctx, framework }: { ctx: PageContext; framework: FrameworkView }) {
  if (framework.status !== 'consultation' || !framework.consultationDeadline) return null;
  return (
    <Notification variant="info">
      {ctx.t('priorities.edit.underConsultation', {
        date: formatDate(ctx.locale, framework.consultationDeadline),
      })}
    </Notification>
  );
}

export interface FrameworkValues {
  version: string;
  title: string;
  introduction: string;
  principles: PrincipleInput[];
}

export function frameworkValues(framework: FrameworkView): FrameworkValues {
  return {
    version: String(framework.rowVersion),
    title: framework.title,
    introduction: framework.introduction.join('\n\n'),
    principles: framework.principles.map(({ key, title, text }) => ({ key, title, text })),
  };
}

export function submittedFramework(body: Record<string, string>): FrameworkValues {
  const principles: PrincipleInput[] = [];
  for (let index = 0; index < 100; index += 1) {
    const title = body[`principleTitle${index}`];
    const text = body[`principleText${index}`];
    if (title === undefined && text === undefined) continue;
    principles.push({ key: body[`principleKey${index}`], title: title ?? '', text: text ?? '' });
  }
  return {
    version: body.version ?? '',
    title: body.title ?? '',
    introduction: body.introduction ?? '',
    principles,
  };
}

/** The service names fields principles.0.title; the form's ids are principleTitle0. */
export function formFieldErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => {
    const match = /^principles\.(\d+)\.(title|text)$/.exec(e.field);
    if (!match) return e;
    return {
      ...e,
      field: `principle${match[2] === 'title' ? 'Title' : 'Text'}${match[1] ?? ''}`,
    };
  });
}

export function sendConfirm(
  reply: FastifyReply,
  ctx: PageContext,
  title: string,
  question: string,
  shown: string,
  action: string,
  cancel: string,
  version: string,
  options: { status?: number; conflict?: boolean } = {},
): FastifyReply {
  const { t } = ctx;
  return sendPage(
    reply,
    ctx,
    title,
    [
      <p class="ecl-u-type-paragraph">{question}</p>,
      <blockquote class="ecl-u-type-paragraph ecl-u-mb-l">{shown}</blockquote>,
      <form method="post" action={action}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={version} />
        <div class="jh-actions">
          <Button>{title}</Button>
          <a class="ecl-link ecl-link--standalone" href={cancel}>
            {t('common.cancel')}
          </a>
        </div>
      </form>,
    ],
    {
      ...(options.status !== undefined ? { status: options.status } : {}),
      notices: options.conflict ? (
        <ConflictNotice ctx={ctx}>
          <p class="ecl-u-type-paragraph">{shown}</p>
        </ConflictNotice>
      ) : null,
    },
  );
}
