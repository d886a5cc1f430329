import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireActor, type Actor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  Notification,
  SelectField,
  TextArea,
  TextField,
} from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  ConflictError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../../app/errors.js';
import { parseVersionRef } from '../priorities.compare.js';
import { networkToday } from '../priorities.dates.js';
import {
  ConflictNotice,
  sendPage,
  statusLabel,
  versionOf,
  versionPath,
} from '../priorities.page-kit.js';
import { VersionParams } from '../priorities.schema.js';
import type { FrameworkView } from '../priorities.service.js';
import {
  NewDraftForm,
  NewDraftQuery,
  FrameworkForm,
  SavedQuery,
  paragraphsOf,
  refOf,
  versionTitle,
  WorkflowActions,
  StatusNotice,
  type FrameworkValues,
  frameworkValues,
  submittedFramework,
  formFieldErrors,
} from '../views/drafting.views.js';
import { draftingContext } from './drafting.context.js';

/** Starting a draft and changing what a version says as a whole. */
export async function draftPages(fastify: FastifyInstance): Promise<void> {
  const { app, priorities, priorityDrafting, access, editable, refusing } =
    draftingContext(fastify);
  // Starting a draft.

  async function sendNewDraft(
    reply: FastifyReply,
    ctx: PageContext,
    actor: Actor,
    values: { year: string; from: string },
    errors: FieldError[],
    status = 200,
  ): Promise<FastifyReply> {
    const { t } = ctx;
    const versions = await priorities.list(actor);
    return sendPage(
      reply,
      ctx,
      t('priorities.draft.title'),
      [
        <p class="ecl-u-type-paragraph">{t('priorities.draft.intro')}</p>,
        <FormErrors ctx={ctx} errors={errors} />,
        <form method="post" action="/priorities/new" novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            name="year"
            type="number"
            label={t('priorities.draft.year')}
            hint={t('priorities.draft.yearHint')}
            value={values.year}
            errors={errors}
            required
          />
          <SelectField
            name="from"
            label={t('priorities.draft.from')}
            value={values.from}
            errors={errors}
            required
            options={versions.map((v) => ({
              value: `${v.year}/${v.version}`,
              label: t('priorities.versionLabel', {
                year: v.year,
                version: v.version,
                status: statusLabel(ctx, v.status),
              }),
            }))}
          />
          <div class="jh-actions">
            <Button>{t('priorities.draft.submit')}</Button>
            <a class="ecl-link ecl-link--standalone" href="/priorities">
              {t('common.cancel')}
            </a>
          </div>
        </form>,
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
      return sendNewDraft(reply, request.pageContext(), actor, { year, from }, []);
    },
  );

  app.post(
    '/priorities/new',
    { schema: { body: NewDraftForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const values = { year: (request.body.year ?? '').trim(), from: request.body.from ?? '' };
      const errors: FieldError[] = [];
      if (!/^\d{4}$/.test(values.year)) {
        errors.push({ field: 'year', message: ctx.t('priorities.draft.yearInvalid') });
      }
      const from = parseVersionRef(values.from);
      if (!from) errors.push({ field: 'from', message: ctx.t('priorities.draft.fromInvalid') });
      if (errors.length > 0 || !from) return sendNewDraft(reply, ctx, actor, values, errors, 400);
      try {
        const ref = await priorityDrafting.startDraft(request.auditContext(), {
          year: Number(values.year),
          from,
        });
        return await reply.redirect(`${versionPath(ref)}/edit?saved=1`, 303);
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendNewDraft(reply, ctx, actor, values, error.fieldErrors, 400);
        }
        if (error instanceof ConflictError) {
          return sendNewDraft(
            reply,
            ctx,
            actor,
            values,
            [{ field: 'year', message: error.message }],
            409,
          );
        }
        throw error;
      }
    },
  );

  // The title, introduction and principles of a version, and the list of its sections.

  function sendEditPage(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    values: FrameworkValues,
    errors: FieldError[],
    options: { status?: number; conflict?: FrameworkView; saved?: boolean } = {},
  ): FastifyReply {
    const { t } = ctx;
    const path = versionPath(framework);
    const principleRows = [...values.principles, { key: '', title: '', text: '' }];
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
        <FormErrors ctx={ctx} errors={errors} />,
        <form method="post" action={`${path}/edit`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={values.version} />
          <TextField
            name="title"
            label={t('priorities.edit.documentTitle')}
            value={values.title}
            errors={errors}
            required
            maxlength={300}
          />
          <TextArea
            name="introduction"
            label={t('priorities.edit.introduction')}
            hint={t('priorities.edit.introductionHint')}
            value={values.introduction}
            errors={errors}
            rows={12}
          />
          <h2 class="ecl-u-type-heading-2">{t('priorities.principles')}</h2>
          <p class="ecl-u-type-paragraph">{t('priorities.edit.principlesHint')}</p>
          {principleRows.map((p, index) => (
            <fieldset class="ecl-u-mb-l">
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
        </form>,
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
        notices: options.conflict ? (
          <ConflictNotice ctx={ctx}>
            <DescriptionList
              items={[
                [t('priorities.edit.documentTitle'), options.conflict.title],
                [t('priorities.edit.introduction'), options.conflict.introduction.join(' / ')],
                [
                  t('priorities.principles'),
                  options.conflict.principles.map((p) => p.title).join(', ') || t('common.none'),
                ],
              ]}
            />
          </ConflictNotice>
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
        return sendEditPage(reply, ctx, framework, frameworkValues(framework), [], {
          saved: request.query.saved !== undefined,
        });
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/edit',
    { schema: { params: VersionParams, body: FrameworkForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const values = submittedFramework(request.body);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(actor, ref);
        try {
          await priorityDrafting.updateFramework(
            request.auditContext(),
            ref,
            versionOf(values.version),
            {
              title: values.title,
              introduction: paragraphsOf(values.introduction),
              // An empty pair of fields is a principle removed, or the blank one left unused.
              principles: values.principles.filter(
                (p) => p.title.trim() !== '' || p.text.trim() !== '',
              ),
            },
          );
        } catch (error) {
          if (error instanceof ValidationError) {
            return sendEditPage(reply, ctx, framework, values, formFieldErrors(error.fieldErrors), {
              status: 400,
            });
          }
          if (error instanceof StaleVersionError) {
            const stored = await editable(actor, ref);
            return sendEditPage(
              reply,
              ctx,
              stored,
              { ...values, version: String(stored.rowVersion) },
              [],
              { status: 409, conflict: stored },
            );
          }
          throw error;
        }
        return reply.redirect(`${versionPath(ref)}/edit?saved=1`, 303);
      });
    },
  );
}
