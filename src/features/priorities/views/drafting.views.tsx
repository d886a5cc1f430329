import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { h, type Html } from '../../../app/html/jsx.js';
import { Button, Notification } from '../../../app/html/components.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { Fields, FormState } from '../../../app/forms/define-form.js';
import { confirmForm } from '../forms/drafting.form.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { type FieldError } from '../../../app/errors.js';
import { formatDate } from '../../../app/i18n/format.js';
import { type VersionRef } from '../priorities.drafting.js';
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

export const NewDraftQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 20 })) });
export const MoveForm = Type.Object(
  { version: formText(12), position: formText(6) },
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

/**
 * After a save on a version someone else changed meanwhile, where no field of the form differs
 * from what they saved: nothing of theirs is lost, the form holds this user's text on the
 * current version, to save again. Where fields differ, the form's merge view says so instead.
 */
export function StaleNotice({
  ctx,
  state,
}: {
  ctx: PageContext;
  state: Pick<FormState<Fields>, 'errors' | 'conflicts'>;
}): Html | null {
  if (state.errors.length > 0 || (state.conflicts ?? []).length > 0) return null;
  return (
    <Notification variant="warning" title={ctx.t('error.conflict.title')}>
      <p>{ctx.t('priorities.edit.staleKept')}</p>
    </Notification>
  );
}

/** A question answered by one button, on a version or record it was asked on. */
export function sendConfirm(
  reply: FastifyReply,
  ctx: PageContext,
  question: { title: string; text: string; shown: string },
  links: { action: string; cancel: string },
  state: FormState<typeof confirmForm.fields>,
  status = 200,
): FastifyReply {
  const { t } = ctx;
  const form = bindForm(confirmForm, ctx, state);
  return sendPage(
    reply,
    ctx,
    question.title,
    [
      <p class="ecl-u-type-paragraph">{question.text}</p>,
      <blockquote class="ecl-u-type-paragraph ecl-u-mb-l">{question.shown}</blockquote>,
      <form.Form action={links.action}>
        <div class="jh-actions">
          <Button>{question.title}</Button>
          <a class="ecl-link ecl-link--standalone" href={links.cancel}>
            {t('common.cancel')}
          </a>
        </div>
      </form.Form>,
    ],
    {
      status,
      notices:
        status === 409 && state.errors.length === 0 ? (
          <ConflictNotice ctx={ctx}>
            <p class="ecl-u-type-paragraph">{question.shown}</p>
          </ConflictNotice>
        ) : null,
    },
  );
}
