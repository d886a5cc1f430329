import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { bindForm } from '../../../app/forms/bind.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { ValidationError } from '../../../app/errors.js';
import { Button } from '../../../app/html/components.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import { XLSX_CONTENT_TYPE } from '../../../app/xlsx.js';
import { toolboxOfferKinds } from '../../../db/schema.js';
import { sendExport } from '../../../app/spreadsheet/import-route.js';
import {
  themeForm,
  toolboxEditForm,
  toolboxEditValuesOf,
  toolboxForm,
  toolboxInputOf,
} from '../forms/toolbox.form.js';
import { gapsOf, overlapsOf } from '../toolboxes.analysis.js';
import { mayManageToolboxes } from '../toolboxes.policy.js';
import { toolboxesPolicy } from '../toolboxes.policy.js';
import { exportFileName } from '../toolboxes.routes.js';
import { ToolboxParams } from '../toolboxes.schema.js';
import type { ToolboxDetail } from '../toolboxes.model.js';
import {
  Analysis,
  ByAgency,
  ByTheme,
  MatrixTable,
  ToolboxFrame,
  ToolboxList,
  toolboxHref,
  type ToolboxViewName,
} from '../views/toolbox.views.js';

const SavedQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 20 })),
});

/** The toolboxes' list, their four views, the export, and the secretariat's forms. */
export async function toolboxPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { toolboxes, toolboxTransfer } = app.services;

  const sendList = async (
    reply: FastifyReply,
    ctx: PageContext,
    state: FormState<typeof toolboxForm.fields> | null,
    status = 200,
  ) => {
    const actor = requireActor(ctx.actor);
    const list = await toolboxes.list(actor);
    const f = state ? bindForm(toolboxForm, ctx, state) : null;
    return sendPage(
      reply,
      ctx,
      ctx.t('toolboxes.title'),
      <div>
        <p class="ecl-u-type-paragraph">{ctx.t('toolboxes.intro')}</p>
        <ToolboxList ctx={ctx} toolboxes={list} />
        {f ? (
          <section class="ecl-u-mt-xl">
            <h2 class="ecl-u-type-heading-2">{ctx.t('toolboxes.new')}</h2>
            <f.Form action="/toolboxes">
              <f.Section title="toolboxes.section.toolbox">
                <f.Text name="title" />
                <f.TextArea name="description" rows={3} />
                <f.TextArea name="themes" rows={8} />
              </f.Section>
              <Button>{ctx.t('common.create')}</Button>
            </f.Form>
          </section>
        ) : null}
      </div>,
      { status },
    );
  };

  app.get(
    '/toolboxes',
    { config: { access: toolboxesPolicy.read, page: true } },
    (request, reply) => {
      const ctx = request.pageContext();
      const manage = mayManageToolboxes(requireActor(ctx.actor));
      return sendList(reply, ctx, manage ? { values: toolboxForm.initial(), errors: [] } : null);
    },
  );

  app.post(
    '/toolboxes',
    { schema: { body: FormBody }, config: { access: toolboxesPolicy.manage, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      return submitForm(reply, {
        form: toolboxForm,
        body: request.body,
        t: ctx.t,
        write: async (values) => {
          try {
            return await toolboxes.create(
              requireActor(request.actor),
              request.auditContext(),
              toolboxInputOf(values),
            );
          } catch (error) {
            // A theme's problem belongs to the one field that lists them all.
            if (!(error instanceof ValidationError)) throw error;
            throw new ValidationError(
              error.fieldErrors.map((e) => ({
                ...e,
                field: e.field.startsWith('themes') ? 'themes' : e.field,
              })),
            );
          }
        },
        show: (state, status) => sendList(reply, ctx, state, status),
        done: (created) => `${toolboxHref(created.id)}?saved=toolbox`,
      });
    },
  );

  const views: readonly ToolboxViewName[] = ['matrix', 'themes', 'agencies', 'analysis'];
  for (const view of views) {
    app.get(
      view === 'matrix' ? '/toolboxes/:id' : `/toolboxes/:id/${view}`,
      {
        schema: { params: ToolboxParams, querystring: SavedQuery },
        config: { access: toolboxesPolicy.read, page: true },
      },
      async (request, reply) => {
        const ctx = request.pageContext();
        const actor = requireActor(request.actor);
        const matrix = await toolboxes.matrix(actor, request.params.id);
        const gaps = gapsOf(matrix.toolbox.themes, matrix.offers);
        const saved = request.query.saved;
        const notices = {
          toolbox: ctx.t('toolboxes.created'),
          theme: ctx.t('toolboxes.themeAdded'),
          edited: ctx.t('toolboxes.edited'),
          withdrawn: ctx.t('toolboxes.offer.withdrawn'),
        } as const;
        const notice =
          saved !== undefined && saved in notices
            ? notices[saved as keyof typeof notices]
            : undefined;
        const body =
          view === 'matrix' ? (
            <MatrixTable ctx={ctx} matrix={matrix} gaps={gaps} />
          ) : view === 'themes' ? (
            <ByTheme ctx={ctx} matrix={matrix} />
          ) : view === 'agencies' ? (
            <ByAgency ctx={ctx} matrix={matrix} />
          ) : (
            <Analysis
              ctx={ctx}
              gaps={gaps}
              overlaps={overlapsOf(matrix.toolbox.themes, matrix.offers, toolboxOfferKinds)}
            />
          );
        return sendPage(
          reply,
          ctx,
          matrix.toolbox.title,
          <ToolboxFrame
            ctx={ctx}
            matrix={matrix}
            current={view}
            notice={notice}
            actions={{
              addOffer: toolboxesPolicy.offer.allows(actor),
              manage: mayManageToolboxes(actor),
            }}
          >
            {body}
          </ToolboxFrame>,
        );
      },
    );
  }

  app.get(
    '/toolboxes/:id/export.xlsx',
    { schema: { params: ToolboxParams }, config: { access: toolboxesPolicy.read, page: true } },
    async (request, reply) => {
      const { title, file } = await toolboxTransfer.exportXlsx(
        requireActor(request.actor),
        request.params.id,
      );
      return sendExport(reply, {
        name: exportFileName(title),
        contentType: XLSX_CONTENT_TYPE,
        body: file,
      });
    },
  );

  const sendThemeForm = (
    reply: FastifyReply,
    ctx: PageContext,
    toolbox: ToolboxDetail,
    state: FormState<typeof themeForm.fields>,
    status = 200,
  ) => {
    const f = bindForm(themeForm, ctx, state);
    return sendPage(
      reply,
      ctx,
      `${ctx.t('toolboxes.addTheme')}: ${toolbox.title}`,
      <f.Form action={`${toolboxHref(toolbox.id)}/themes`}>
        <f.Text name="title" />
        <f.TextArea name="description" rows={3} />
        <div class="jh-actions">
          <Button>{ctx.t('toolboxes.addTheme')}</Button>
          <a class="ecl-link ecl-link--standalone" href={toolboxHref(toolbox.id)}>
            {ctx.t('common.cancel')}
          </a>
        </div>
      </f.Form>,
      { status },
    );
  };

  app.get(
    '/toolboxes/:id/themes/new',
    { schema: { params: ToolboxParams }, config: { access: toolboxesPolicy.manage, page: true } },
    async (request, reply) => {
      const toolbox = await toolboxes.get(request.params.id);
      return sendThemeForm(
        reply,
        request.pageContext(),
        toolbox,
        themeForm.opened(themeForm.initial(), toolbox.version),
      );
    },
  );

  app.post(
    '/toolboxes/:id/themes',
    {
      schema: { params: ToolboxParams, body: FormBody },
      config: { access: toolboxesPolicy.manage, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const toolbox = await toolboxes.get(request.params.id);
      return submitForm(reply, {
        form: themeForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          toolboxes.addTheme(
            requireActor(request.actor),
            request.auditContext(),
            toolbox.id,
            values,
            version,
          ),
        show: (state, status) => sendThemeForm(reply, ctx, toolbox, state, status),
        current: async () => {
          const stored = await toolboxes.get(toolbox.id);
          return { values: themeForm.initial(), version: stored.version };
        },
        done: `${toolboxHref(toolbox.id)}?saved=theme`,
      });
    },
  );

  const sendEditForm = (
    reply: FastifyReply,
    ctx: PageContext,
    toolbox: ToolboxDetail,
    state: FormState<typeof toolboxEditForm.fields>,
    status = 200,
  ) => {
    const f = bindForm(toolboxEditForm, ctx, state);
    return sendPage(
      reply,
      ctx,
      `${ctx.t('toolboxes.edit')}: ${toolbox.title}`,
      <f.Form action={`${toolboxHref(toolbox.id)}/edit`}>
        <f.Text name="title" />
        <f.TextArea name="description" rows={4} />
        <p class="ecl-help-block ecl-u-mb-l">{ctx.t('toolboxes.editThemesHint')}</p>
        <div class="jh-actions">
          <Button>{ctx.t('common.save')}</Button>
          <a class="ecl-link ecl-link--standalone" href={toolboxHref(toolbox.id)}>
            {ctx.t('common.cancel')}
          </a>
        </div>
      </f.Form>,
      { status },
    );
  };

  app.get(
    '/toolboxes/:id/edit',
    { schema: { params: ToolboxParams }, config: { access: toolboxesPolicy.manage, page: true } },
    async (request, reply) => {
      const toolbox = await toolboxes.get(request.params.id);
      return sendEditForm(
        reply,
        request.pageContext(),
        toolbox,
        toolboxEditForm.opened(toolboxEditValuesOf(toolbox), toolbox.version),
      );
    },
  );

  app.post(
    '/toolboxes/:id/edit',
    {
      schema: { params: ToolboxParams, body: FormBody },
      config: { access: toolboxesPolicy.manage, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const toolbox = await toolboxes.get(request.params.id);
      return submitForm(reply, {
        form: toolboxEditForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          toolboxes.update(
            requireActor(request.actor),
            request.auditContext(),
            toolbox.id,
            values,
            version,
          ),
        show: (state, status) => sendEditForm(reply, ctx, toolbox, state, status),
        current: async () => {
          const stored = await toolboxes.get(toolbox.id);
          return { values: toolboxEditValuesOf(stored), version: stored.version };
        },
        done: `${toolboxHref(toolbox.id)}?saved=edited`,
      });
    },
  );
}
