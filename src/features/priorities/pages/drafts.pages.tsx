import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireActor, type Actor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import { Button, Notification, TextArea, TextField } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { ValidationError, type FieldError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { parseVersionRef } from '../priorities.compare.js';
import { networkToday } from '../priorities.dates.js';
import { sendPage, statusLabel, versionPath } from '../priorities.page-kit.js';
import { VersionParams } from '../priorities.schema.js';
import type { FrameworkView } from '../priorities.service.js';
import {
  frameworkForm,
  frameworkFormValues,
  newDraftForm,
  type FrameworkFormValues,
} from '../forms/drafting.form.js';
import {
  NewDraftQuery,
  SavedQuery,
  StaleNotice,
  paragraphsOf,
  refOf,
  versionTitle,
  WorkflowActions,
  StatusNotice,
  formFieldErrors,
} from '../views/drafting.views.js';
import { draftingContext } from './drafting.context.js';

/** Starting a draft and changing what a version says as a whole. */
export async function draftPages(fastify: FastifyInstance): Promise<void> {
  const { app, priorities, priorityDrafting, access, editable, refusing, submitOnVersion } =
    draftingContext(fastify);
  // Starting a draft.

  async function sendNewDraft(
    reply: FastifyReply,
    ctx: PageContext,
    actor: Actor,
    state: FormState<typeof newDraftForm.fields>,
    status = 200,
  ): Promise<FastifyReply> {
    const { t } = ctx;
    const versions = await priorities.list(actor);
    const form = bindForm(newDraftForm, ctx, state, {
      choices: {
        from: versions.map((v) => ({
          value: `${v.year}/${v.version}`,
          label: t('priorities.versionLabel', {
            year: v.year,
            version: v.version,
            status: statusLabel(ctx, v.status),
          }),
        })),
      },
    });
    return sendPage(
      reply,
      ctx,
      t('priorities.draft.title'),
      [
        <p class="ecl-u-type-paragraph">{t('priorities.draft.intro')}</p>,
        <form.Form action="/priorities/new">
          <form.Text name="year" type="number" />
          <form.Select name="from" />
          <div class="jh-actions">
            <Button>{t('priorities.draft.submit')}</Button>
            <a class="ecl-link ecl-link--standalone" href="/priorities">
              {t('common.cancel')}
            </a>
          </div>
        </form.Form>,
      ],
      { status },
    );
  }

  app.get(
    '/priorities/new',
    { schema: { querystring: NewDraftQuery }, config: access },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const versions = await priorities.list(actor);
      const latestAgreed = versions.find((v) => v.status === 'agreed');
      const from =
        request.query.from ?? (latestAgreed ? `${latestAgreed.year}/${latestAgreed.version}` : '');
      const year = latestAgreed ? String(latestAgreed.year + 1) : networkToday().slice(0, 4);
      return sendNewDraft(reply, request.pageContext(), actor, {
        values: newDraftForm.initial({ year, from }),
        errors: [],
      });
    },
  );

  app.post(
    '/priorities/new',
    { schema: { body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      return submitForm(reply, {
        form: newDraftForm,
        body: request.body,
        t: ctx.t,
        write: (values) => {
          // Both rules are the page's: the service takes a number and a version already parsed.
          const year = values.year.trim();
          const from = parseVersionRef(values.from);
          const errors: FieldError[] = [];
          if (!/^\d{4}$/.test(year)) {
            errors.push({ field: 'year', message: ctx.t('priorities.draft.yearInvalid') });
          }
          if (!from) errors.push({ field: 'from', message: ctx.t('priorities.draft.fromInvalid') });
          if (errors.length > 0 || !from) throw new ValidationError(errors);
          return priorityDrafting.startDraft(request.auditContext(), { year: Number(year), from });
        },
        show: (state, status) => sendNewDraft(reply, ctx, actor, state, status),
        done: (ref) => `${versionPath(ref)}/edit?saved=1`,
      });
    },
  );

  // The title, introduction and principles of a version, and the list of its sections.

  function sendEditPage(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    state: FormState<typeof frameworkForm.fields>,
    options: { status?: number; saved?: boolean } = {},
  ): FastifyReply {
    const { t } = ctx;
    const path = versionPath(framework);
    const form = bindForm(frameworkForm, ctx, state);
    const { errors } = state;
    const principleRows = [...state.values.principles, { key: '', title: '', text: '' }];
    return sendPage(
      reply,
      ctx,
      t('priorities.edit.title', { name: versionTitle(ctx, framework) }),
      [
        <p class="ecl-u-type-paragraph">
          {`${t('priorities.status')}: ${statusLabel(ctx, framework.status)}.`}
        </p>,
        <p class="ecl-u-type-paragraph">
          <a class="ecl-link ecl-link--standalone" href={path}>
            {t('priorities.edit.view')}
          </a>
        </p>,
        <StatusNotice ctx={ctx} framework={framework} />,
        <WorkflowActions ctx={ctx} framework={framework} />,
        <form.Form action={`${path}/edit`}>
          <form.Text name="title" />
          <form.TextArea name="introduction" rows={12} />
          <h2 class="ecl-u-type-heading-2">{t('priorities.principles')}</h2>
          <p class="ecl-u-type-paragraph">{t('priorities.edit.principlesHint')}</p>
          {principleRows.map((p, index) => (
            <fieldset class="ecl-u-mb-l jh-fieldset jh-form-section">
              <legend class="ecl-u-type-heading-4">
                {p.key === '' && p.title === ''
                  ? t('priorities.edit.newPrinciple')
                  : t('priorities.edit.principle', { number: index + 1 })}
              </legend>
              {p.key ? <input type="hidden" name={`principleKey${index}`} value={p.key} /> : null}
              <TextField
                name={`principleTitle${index}`}
                label={t('priorities.edit.principleTitle')}
                value={p.title}
                errors={errors}
                maxlength={200}
              />
              <TextArea
                name={`principleText${index}`}
                label={t('priorities.edit.principleText')}
                value={p.text}
                errors={errors}
                rows={3}
              />
            </fieldset>
          ))}
          <div class="jh-actions">
            <Button>{t('common.save')}</Button>
          </div>
        </form.Form>,
        <h2 class="ecl-u-type-heading-2">{t('priorities.edit.sections')}</h2>,
        <ul class="ecl-unordered-list">
          {framework.sections.map((s) => (
            <li class="ecl-unordered-list__item">
              <a class="ecl-link" href={`${path}/sections/${s.number}/edit`}>
                {`${t('priorities.edit.editSection', { number: s.number, title: s.title })} (${t('priorities.edit.lineCount', { count: s.lines.length })})`}
              </a>
            </li>
          ))}
        </ul>,
      ],
      {
        ...(options.status !== undefined ? { status: options.status } : {}),
        notices:
          options.status === 409 ? (
            <StaleNotice ctx={ctx} state={state} />
          ) : options.saved ? (
            <Notification variant="success">{t('common.saved')}</Notification>
          ) : null,
      },
    );
  }

  app.get(
    '/priorities/:year/versions/:version/edit',
    { schema: { params: VersionParams, querystring: SavedQuery }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(requireActor(request.actor), ref);
        return sendEditPage(
          reply,
          ctx,
          framework,
          frameworkForm.opened(frameworkFormValues(framework), framework.rowVersion),
          { saved: request.query.saved !== undefined },
        );
      });
    },
  );

  /** The principles as the service takes them: a pair of empty fields is a principle removed. */
  function principlesOf(values: FrameworkFormValues) {
    return values.principles
      .filter((p) => p.title.trim() !== '' || p.text.trim() !== '')
      .map((p) => ({ ...(p.key === '' ? {} : { key: p.key }), title: p.title, text: p.text }));
  }

  app.post(
    '/priorities/:year/versions/:version/edit',
    { schema: { params: VersionParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      const posted = { actor: requireActor(request.actor), body: request.body, ref };
      return submitOnVersion(reply, ctx, frameworkForm, posted, () => ({
        write: async (values, version) => {
          try {
            return await priorityDrafting.updateFramework(request.auditContext(), ref, version, {
              title: values.title,
              introduction: paragraphsOf(values.introduction),
              principles: principlesOf(values),
            });
          } catch (error) {
            // The service numbers principles as a list; the form's inputs are principleTitle0.
            if (error instanceof ValidationError)
              throw new ValidationError(formFieldErrors(error.fieldErrors));
            throw error;
          }
        },
        show: (state, status, shown) => sendEditPage(reply, ctx, shown, state, { status }),
        stored: frameworkFormValues,
        done: `${versionPath(ref)}/edit?saved=1`,
      }));
    },
  );
}
