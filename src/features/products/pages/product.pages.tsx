import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { Button, CsrfField, Notification, versionOf } from '../../../app/html/components.js';
import { IllustrativeTag } from '../../../app/html/illustrative-tag.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import { NotFoundError } from '../../../app/errors.js';
import { todayUtc } from '../../../app/dates.js';
import { isIllustrative } from '../../../demo-sources.js';
import { agreedLineCodes } from '../../priorities/agreed-lines.js';
import { visibleActivities } from '../../scorecard/scorecard.policy.js';
import { productForm, productInputOf, productValuesOf } from '../forms/product.form.js';
import { productsPolicy } from '../products.policy.js';
import { ProductParams } from '../products.schema.js';
import { ProductDetails } from '../views/product-detail.js';
import { ProductFormView, type ProductChoices } from '../views/product-form.js';
import { productHref } from '../views/labels.js';

type ProductState = FormState<typeof productForm.fields>;

const SavedQuery = Type.Object(
  { saved: Type.Optional(Type.String({ maxLength: 10 })) },
  { additionalProperties: false },
);
const NewQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
  { additionalProperties: false },
);

/** A product's own pages: adding, reading, changing and removing it. */
export async function productPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { products, database } = app.services;
  const db = database.db;

  /** What the pickers offer: the member agencies, the year's agreed lines and activities. */
  async function choicesFor(actor: Actor, year: number): Promise<ProductChoices> {
    const reader = await products.reader(actor);
    const [agencies, lines, activities] = await Promise.all([
      db
        .selectFrom('organisations')
        .select(['acronym', 'name'])
        .where('kind', '=', 'agency')
        .orderBy('acronym')
        .execute(),
      agreedLineCodes(db, year),
      db
        .selectFrom('scorecard_activities')
        .select(['id', 'title'])
        .where('year', '=', year)
        .where(visibleActivities(reader))
        .orderBy('title')
        .execute(),
    ]);
    return {
      agencies: agencies.map((a) => ({ value: a.acronym, label: `${a.acronym} (${a.name})` })),
      lines: [...lines.values()].map((line) => ({
        value: line.code,
        label: `${line.code} ${line.text}`,
        group: `${line.section}. ${line.sectionTitle}`,
      })),
      activities: activities.map((a) => ({ value: a.id, label: a.title })),
    };
  }

  async function sendForm(
    reply: FastifyReply,
    ctx: PageContext,
    options: {
      title: string;
      action: string;
      cancel: string;
      state: ProductState;
      editing: boolean;
      year: number;
      status?: number;
    },
  ) {
    const choices = await choicesFor(requireActor(ctx.actor), options.year);
    return sendPage(
      reply,
      ctx,
      options.title,
      <div>
        <p class="ecl-u-type-paragraph">{ctx.t('products.formIntro', { year: options.year })}</p>
        <ProductFormView
          ctx={ctx}
          action={options.action}
          state={options.state}
          choices={choices}
          editing={options.editing}
          cancel={options.cancel}
        />
      </div>,
      { status: options.status ?? 200 },
    );
  }

  /** The year a posted form's pickers are drawn for: the one typed, if it is one. */
  const yearOf = (text: string | readonly string[] | undefined, fallback: number) => {
    const value = typeof text === 'string' ? Number(text) : Number.NaN;
    return Number.isInteger(value) && value >= 2000 && value <= 2100 ? value : fallback;
  };
  const thisYear = () => Number(todayUtc().slice(0, 4));

  app.get(
    '/products/new',
    { schema: { querystring: NewQuery }, config: { access: productsPolicy.write, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const year = request.query.year ?? thisYear();
      return sendForm(reply, ctx, {
        title: ctx.t('products.new'),
        action: '/products/new',
        cancel: '/products',
        editing: false,
        year,
        state: {
          values: productForm.initial({
            year: String(year),
            kind: 'risk-analysis',
            periodicity: 'one-off',
            audience: 'network',
            agencies: [actor.organisationAcronym],
            languages: ['ENG'],
          }),
          errors: [],
        },
      });
    },
  );

  app.post(
    '/products/new',
    { schema: { body: FormBody }, config: { access: productsPolicy.write, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      return submitForm(reply, {
        form: productForm,
        body: request.body,
        t: ctx.t,
        write: (values) => products.create(actor, request.auditContext(), productInputOf(values)),
        show: (state, status) =>
          sendForm(reply, ctx, {
            title: ctx.t('products.new'),
            action: '/products/new',
            cancel: '/products',
            editing: false,
            year: yearOf(request.body.year, thisYear()),
            state,
            status,
          }),
        done: (created) => `${productHref(created)}?saved=1`,
      });
    },
  );

  app.get(
    '/products/:id',
    {
      schema: { params: ProductParams, querystring: SavedQuery },
      config: { access: productsPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const product = await products.get(actor, request.params.id);
      const [reader, illustrative] = await Promise.all([
        products.reader(actor),
        isIllustrative(db, 'product', product.id),
      ]);
      const mayChange = products.mayChange(reader, product);
      const base = productHref(product);
      return sendPage(
        reply,
        ctx,
        product.title,
        <div>
          <p>
            <a class="ecl-link" href="/products">
              {t('products.back')}
            </a>
          </p>
          {illustrative ? <IllustrativeTag ctx={ctx} /> : null}
          {mayChange ? (
            <div class="jh-actions ecl-u-mb-l">
              <a class="ecl-button ecl-button--primary" href={`${base}/edit`}>
                {t('common.edit')}
              </a>
              <form method="post" action={`${base}/delete`} class="jh-inline-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="version" value={String(product.version)} />
                <Button variant="secondary">{t('products.delete')}</Button>
              </form>
            </div>
          ) : null}
          <ProductDetails ctx={ctx} product={product} />
        </div>,
        {
          notices: request.query.saved ? (
            <Notification variant="success">{t('common.saved')}</Notification>
          ) : null,
        },
      );
    },
  );

  app.get(
    '/products/:id/edit',
    { schema: { params: ProductParams }, config: { access: productsPolicy.write, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const product = await products.get(actor, request.params.id);
      if (!products.mayChange(await products.reader(actor), product))
        throw new NotFoundError('No such product.');
      return sendForm(reply, ctx, {
        title: ctx.t('products.editTitle', { title: product.title }),
        action: `${productHref(product)}/edit`,
        cancel: productHref(product),
        editing: true,
        year: product.year,
        state: productForm.opened(productValuesOf(product), product.version),
      });
    },
  );

  app.post(
    '/products/:id/edit',
    {
      schema: { params: ProductParams, body: FormBody },
      config: { access: productsPolicy.write, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const product = await products.get(actor, request.params.id);
      if (!products.mayChange(await products.reader(actor), product))
        throw new NotFoundError('No such product.');
      return submitForm(reply, {
        form: productForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          products.update(
            actor,
            request.auditContext(),
            product.id,
            productInputOf(values),
            version,
          ),
        show: (state, status) =>
          sendForm(reply, ctx, {
            title: ctx.t('products.editTitle', { title: product.title }),
            action: `${productHref(product)}/edit`,
            cancel: productHref(product),
            editing: true,
            year: yearOf(request.body.year, product.year),
            state,
            status,
          }),
        current: async () => {
          const stored = await products.get(actor, product.id);
          return { values: productValuesOf(stored), version: stored.version };
        },
        done: (updated) => `${productHref(updated)}?saved=1`,
      });
    },
  );

  app.post(
    '/products/:id/delete',
    {
      schema: { params: ProductParams, body: FormBody },
      config: { access: productsPolicy.write, page: true },
    },
    async (request, reply) => {
      const version = request.body.version;
      await products.delete(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        versionOf(typeof version === 'string' ? version : undefined),
      );
      return reply.redirect('/products?deleted=1', 303);
    },
  );
}
