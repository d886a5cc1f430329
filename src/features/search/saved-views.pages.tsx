import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, signedIn } from '../../app/access.js';
import { Button, CsrfField, FormErrors, LinkButton, TextField } from '../../app/html/components.js';
import { h } from '../../app/html/jsx.js';
import { sendPage } from '../../app/html/send-page.js';
import { ValidationError } from '../../app/errors.js';
import { ViewParams } from './saved-views.routes.js';
import {
  listPaths,
  MAX_VIEW_NAME_CHARS,
  MAX_VIEW_QUERY_CHARS,
  SavedViews,
  viewHref,
  viewLists,
} from './saved-views.service.js';

/** A form field is text, capped well above what the service takes. */
const formText = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const NewViewForm = Type.Object(
  {
    list: formText(20),
    name: formText(MAX_VIEW_NAME_CHARS * 4),
    query: formText(MAX_VIEW_QUERY_CHARS * 2),
  },
  { additionalProperties: false },
);

/** The forms of the filter bars: save the filters shown as a view, delete one's own view. */
export async function savedViewPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const views = new SavedViews(app.services.database, app.services.audit);

  app.post(
    '/views',
    { schema: { body: NewViewForm }, config: { access: signedIn, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const list = viewLists.find((l) => l === request.body.list) ?? 'scorecard';
      const name = request.body.name ?? '';
      const query = request.body.query ?? '';
      try {
        const view = await views.save(request.auditContext(), requireActor(ctx.actor), {
          list,
          name,
          query,
        });
        return await reply.redirect(viewHref(list, view), 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return sendPage(
          reply,
          ctx,
          t('views.save.title'),
          <form method="post" action="/views">
            <FormErrors ctx={ctx} errors={error.fieldErrors} />
            <CsrfField ctx={ctx} />
            <input type="hidden" name="list" value={list} />
            <input type="hidden" name="query" value={query} />
            <TextField
              name="name"
              label={t('views.save.name')}
              value={name}
              errors={error.fieldErrors}
              maxlength={MAX_VIEW_NAME_CHARS}
              required
            />
            <Button>{t('views.save.submit')}</Button>{' '}
            <LinkButton href={viewHref(list, { query })}>{t('views.save.back')}</LinkButton>
          </form>,
          { status: 400 },
        );
      }
    },
  );

  app.post(
    '/views/:id/delete',
    { schema: { params: ViewParams }, config: { access: signedIn, page: true } },
    async (request, reply) => {
      const list = await views.delete(
        request.auditContext(),
        requireActor(request.actor),
        request.params.id,
      );
      return reply.redirect(listPaths[list], 303);
    },
  );
}
