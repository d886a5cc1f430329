import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IllustrativeTag } from '../../../app/html/illustrative-tag.js';
import { isIllustrative } from '../../../demo-sources.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import { isCalendarDate, todayUtc } from '../../../app/dates.js';
import {
  AppError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from '../../../app/errors.js';
import { h, type Child } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  Button,
  CsrfField,
  LinkButton,
  Notification,
  urlWith,
  versionOf,
} from '../../../app/html/components.js';
import { sendPage } from '../../../app/html/send-page.js';
import { formatDate } from '../../../app/i18n/format.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import { toInput } from '../scorecard.model.js';
import { scorecardPolicy } from '../scorecard.policy.js';
import { ActivityParams } from '../scorecard.schema.js';
import type { Scorecard } from '../scorecard.service.js';
import { progressInputOf, versionField } from '../scorecard.form.js';
import { activityForm, activityInputOf, activityValuesOf } from '../forms/activity.form.js';
import { ActivityFormView } from '../views/activity-form.js';
import { ActivityDetails, ProgressList, RevisionTable } from '../views/activity-detail.js';
import { ProgressForm, singleValues } from '../views/progress-form.js';
import { activityHref } from '../views/labels.js';
import { DeliveredProducts } from '../../products/views/labels.js';
import { LinkedOffers } from '../views/linked-offers.js';

const SavedQuery = Type.Object(
  {
    saved: Type.Optional(Type.String({ maxLength: 10 })),
    unlinked: Type.Optional(Type.String({ maxLength: 10 })),
    asOf: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);

/** An activity's own pages: proposing, reading, changing, reporting progress and deleting. */
export async function activityPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const scorecard: Scorecard = app.services.scorecard;
  const actorOf = (request: { actor: Actor | null }) => requireActor(request.actor);

  async function sendActivityForm(
    reply: FastifyReply,
    ctx: PageContext,
    options: {
      title: string;
      action: string;
      year: number;
      state: FormState<typeof activityForm.fields>;
      notice?: Child;
      leadLocked: boolean;
      status?: number;
    },
  ) {
    const actor = actorOf(ctx);
    const [vocabulary, offers] = await Promise.all([
      scorecard.vocabulary(options.year),
      scorecard.offersToChoose(actor),
    ]);
    return sendPage(
      reply,
      ctx,
      options.title,
      <div>
        {options.notice}
        <ActivityFormView
          ctx={ctx}
          action={options.action}
          state={options.state}
          vocabulary={vocabulary}
          offers={offers.map((offer) => ({
            value: offer.id,
            label: `${offer.agency}: ${offer.title}`,
            group: offer.toolbox,
          }))}
          leadLocked={options.leadLocked}
        />
      </div>,
      { status: options.status ?? 200 },
    );
  }

  const NewQuery = Type.Object({
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    // An action point of a meeting that the new activity carries out.
    meeting: Type.Optional(Type.String({ format: 'uuid' })),
    actionPoint: Type.Optional(Type.String({ format: 'uuid' })),
  });
  type NewQuery = Static<typeof NewQuery>;

  /** The meeting and action point a new activity comes from, if any; hidden ones are not found. */
  async function sourceOf(actor: Actor, query: NewQuery) {
    if (!query.meeting || !query.actionPoint) return null;
    const meeting = await app.services.meetings.get(actor, query.meeting);
    const point = meeting.actionPoints.find((p) => p.id === query.actionPoint);
    if (!point) throw new NotFoundError('No such action point.');
    return { meeting, point };
  }

  /**
   * Links the action point to the activity made from it. The activity is stored first, in its
   * own transaction; if the action point changed meanwhile the link is left to the user.
   */
  async function linkActionPoint(
    request: FastifyRequest,
    source: NonNullable<Awaited<ReturnType<typeof sourceOf>>>,
    activityId: string,
  ): Promise<boolean> {
    try {
      await app.services.meetings.updateActionPoint(
        actorOf(request),
        request.auditContext(),
        source.meeting.id,
        source.point.id,
        { activityId },
        source.point.version,
      );
      return true;
    } catch (error) {
      if (error instanceof AppError) return false;
      throw error;
    }
  }

  const newAction = (year: number, query: NewQuery) =>
    urlWith('/scorecard/activities/new', {
      year,
      meeting: query.meeting,
      actionPoint: query.actionPoint,
    });

  const fromNotice = (ctx: PageContext, source: Awaited<ReturnType<typeof sourceOf>>) =>
    source ? (
      <Notification variant="info">
        {ctx.t('scorecard.fromActionPoint', { meeting: source.meeting.title })}
      </Notification>
    ) : null;

  app.get(
    '/scorecard/activities/new',
    { schema: { querystring: NewQuery }, config: { access: scorecardPolicy.write, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const year = request.query.year ?? (await scorecard.defaultYear());
      const source = await sourceOf(actor, request.query);
      const values = activityForm.initial({
        title: source?.point.text.slice(0, 200) ?? '',
        lead:
          source?.point.ownerAcronym ?? (actor.role === 'contact' ? actor.organisationAcronym : ''),
        plannedStart: source?.meeting.start.slice(0, 10) ?? '',
        plannedEnd: source?.point.dueOn ?? '',
        status: 'planned',
        releasedToObservers: true,
      });
      return sendActivityForm(reply, ctx, {
        title: ctx.t('scorecard.newTitle', { year }),
        action: newAction(year, request.query),
        notice: fromNotice(ctx, source),
        year,
        state: { values, errors: [] },
        leadLocked: actor.role === 'contact',
      });
    },
  );

  app.post(
    '/scorecard/activities/new',
    {
      schema: { querystring: NewQuery, body: FormBody },
      config: { access: scorecardPolicy.write, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const year = request.query.year ?? (await scorecard.defaultYear());
      const source = await sourceOf(actor, request.query);
      return submitForm(reply, {
        form: activityForm,
        body: request.body,
        t: ctx.t,
        write: async (values) => {
          const created = await scorecard.create(
            actor,
            request.auditContext(),
            activityInputOf(values, year),
            { offerIds: values.offers },
          );
          const linked = source ? await linkActionPoint(request, source, created.id) : true;
          return { created, linked };
        },
        show: (state, status) =>
          sendActivityForm(reply, ctx, {
            title: ctx.t('scorecard.newTitle', { year }),
            action: newAction(year, request.query),
            notice: fromNotice(ctx, source),
            year,
            state,
            leadLocked: actor.role === 'contact',
            status,
          }),
        done: ({ created, linked }) =>
          `${activityHref(created)}?saved=1${linked ? '' : '&unlinked=1'}`,
      });
    },
  );

  app.get(
    '/scorecard/activities/:id',
    {
      schema: { params: ActivityParams, querystring: SavedQuery },
      config: { access: scorecardPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = actorOf(request);
      const asOf =
        request.query.asOf && isCalendarDate(request.query.asOf) ? request.query.asOf : undefined;
      const current = await scorecard.get(actor, request.params.id);
      const shown = asOf ? await scorecard.getAsOf(actor, current.id, asOf) : current;
      const [updates, revisions, illustrative, delivered, offers] = await Promise.all([
        scorecard.progress(actor, current.id),
        scorecard.revisions(actor, current.id),
        isIllustrative(app.services.database.db, 'scorecard_activity', current.id),
        app.services.products.ofActivity(actor, current.id),
        scorecard.offers(actor, current.id),
      ]);
      const mayChange = scorecard.mayChange(actor, current);
      const base = `/scorecard/activities/${current.id}`;
      return sendPage(
        reply,
        ctx,
        shown.title,
        <div>
          <p>
            <a class="ecl-link" href={urlWith('/scorecard', { year: current.year })}>
              {t('scorecard.back', { year: current.year })}
            </a>
          </p>
          {illustrative ? <IllustrativeTag ctx={ctx} /> : null}
          {asOf ? (
            <Notification variant="info">
              {t('scorecard.asOfActivity', { date: formatDate(ctx.locale, asOf) })}{' '}
              <a class="ecl-link" href={base}>
                {t('scorecard.showCurrent')}
              </a>
            </Notification>
          ) : null}
          {mayChange && !asOf ? (
            <p class="jh-actions">
              <LinkButton href={`${base}/progress`}>{t('scorecard.progress.action')}</LinkButton>{' '}
              <a class="ecl-link ecl-u-ml-m" href={`${base}/edit`}>
                {t('common.edit')}
              </a>
              {actor.role === 'admin' ? (
                <a class="ecl-link ecl-u-ml-m" href={`${base}/delete`}>
                  {t('scorecard.delete.action')}
                </a>
              ) : null}
            </p>
          ) : null}
          <ActivityDetails ctx={ctx} activity={shown} />
          <p>
            <a
              class="ecl-link ecl-link--standalone"
              href={`/documents?linkedType=activity&linkedId=${shown.id}`}
            >
              {t('documents.linkedFrom')}
            </a>
          </p>
          <DeliveredProducts ctx={ctx} products={delivered} />
          <LinkedOffers ctx={ctx} offers={offers} />
          <h2 class="ecl-u-type-heading-2">{t('scorecard.progress.title')}</h2>
          <ProgressList
            ctx={ctx}
            updates={asOf ? updates.filter((u) => u.postedOn <= asOf) : updates}
          />
          <h2 class="ecl-u-type-heading-2">{t('scorecard.revisions.title')}</h2>
          <RevisionTable ctx={ctx} revisions={revisions} activity={current} />
        </div>,
        {
          notices: (
            <div>
              {request.query.saved ? (
                <Notification variant="success">{t('common.saved')}</Notification>
              ) : null}
              {request.query.unlinked ? (
                <Notification variant="warning">{t('scorecard.linkFailed')}</Notification>
              ) : null}
            </div>
          ),
        },
      );
    },
  );

  app.get(
    '/scorecard/activities/:id/edit',
    { schema: { params: ActivityParams }, config: { access: scorecardPolicy.write, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      if (!scorecard.mayChange(actor, activity)) throw new NotFoundError('No such activity.');
      const offers = await scorecard.offers(actor, activity.id);
      return sendActivityForm(reply, ctx, {
        title: ctx.t('scorecard.editTitle', { title: activity.title }),
        action: `/scorecard/activities/${activity.id}/edit`,
        year: activity.year,
        state: activityForm.opened(
          activityValuesOf(
            toInput(activity),
            offers.map((o) => o.id),
          ),
          activity.version,
        ),
        leadLocked: actor.role !== 'admin',
      });
    },
  );

  app.post(
    '/scorecard/activities/:id/edit',
    {
      schema: { params: ActivityParams, body: FormBody },
      config: { access: scorecardPolicy.write, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      if (!scorecard.mayChange(actor, activity)) throw new NotFoundError('No such activity.');
      return submitForm(reply, {
        form: activityForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          scorecard.update(
            actor,
            request.auditContext(),
            activity.id,
            activityInputOf(values, activity.year),
            version,
            values.offers,
          ),
        show: (state, status) =>
          sendActivityForm(reply, ctx, {
            title: ctx.t('scorecard.editTitle', { title: activity.title }),
            action: `/scorecard/activities/${activity.id}/edit`,
            year: activity.year,
            state,
            leadLocked: actor.role !== 'admin',
            status,
          }),
        current: async () => {
          const stored = await scorecard.get(actor, activity.id);
          const offers = await scorecard.offers(actor, activity.id);
          return {
            values: activityValuesOf(
              toInput(stored),
              offers.map((o) => o.id),
            ),
            version: stored.version,
          };
        },
        done: `${activityHref(activity)}?saved=1`,
      });
    },
  );

  app.get(
    '/scorecard/activities/:id/progress',
    { schema: { params: ActivityParams }, config: { access: scorecardPolicy.write, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      if (!scorecard.mayChange(actor, activity)) throw new NotFoundError('No such activity.');
      return sendPage(
        reply,
        ctx,
        ctx.t('scorecard.progress.formTitle', { title: activity.title }),
        <ProgressForm
          ctx={ctx}
          activity={activity}
          values={{ postedOn: todayUtc() }}
          errors={[]}
        />,
      );
    },
  );

  app.post(
    '/scorecard/activities/:id/progress',
    {
      schema: { params: ActivityParams, body: FormBody },
      config: { access: scorecardPolicy.write, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      if (!scorecard.mayChange(actor, activity)) throw new NotFoundError('No such activity.');
      const values = singleValues(request.body);
      const title = t('scorecard.progress.formTitle', { title: activity.title });
      try {
        await scorecard.postProgress(
          actor,
          request.auditContext(),
          activity.id,
          progressInputOf(request.body, activity),
          versionOf(versionField(request.body)),
        );
        return await reply.redirect(`${activityHref(activity)}?saved=1`, 303);
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendPage(
            reply,
            ctx,
            title,
            <ProgressForm
              ctx={ctx}
              activity={activity}
              values={values}
              errors={error.fieldErrors}
            />,
            {
              status: 400,
            },
          );
        }
        if (error instanceof StaleVersionError) {
          // The form comes back on the current version, with the user's text kept and the
          // other change listed first in the history, so they can post again knowingly.
          const updates = await scorecard.progress(actor, activity.id);
          return sendPage(
            reply,
            ctx,
            title,
            <div>
              <Notification variant="warning" title={t('scorecard.conflict.title')}>
                <p>{t('scorecard.conflict.progress', { version: activity.version })}</p>
                <ProgressList ctx={ctx} updates={updates.slice(0, 1)} />
              </Notification>
              <ProgressForm ctx={ctx} activity={activity} values={values} errors={[]} />
            </div>,
            { status: 409 },
          );
        }
        throw error;
      }
    },
  );

  app.get(
    '/scorecard/activities/:id/delete',
    { schema: { params: ActivityParams }, config: { access: scorecardPolicy.delete, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const activity = await scorecard.get(actorOf(request), request.params.id);
      return sendPage(
        reply,
        ctx,
        t('scorecard.delete.title', { title: activity.title }),
        <form method="post" action={`/scorecard/activities/${activity.id}/delete`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(activity.version)} />
          <Notification variant="warning">{t('scorecard.delete.warning')}</Notification>
          <Button>{t('scorecard.delete.confirm')}</Button>{' '}
          <a class="ecl-link ecl-u-ml-m" href={activityHref(activity)}>
            {t('common.cancel')}
          </a>
        </form>,
      );
    },
  );

  app.post(
    '/scorecard/activities/:id/delete',
    {
      schema: { params: ActivityParams, body: FormBody },
      config: { access: scorecardPolicy.delete, page: true },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const activity = await scorecard.get(actor, request.params.id);
      try {
        await scorecard.delete(
          actor,
          request.auditContext(),
          activity.id,
          versionOf(versionField(request.body)),
        );
      } catch (error) {
        if (error instanceof StaleVersionError) return reply.redirect(activityHref(activity), 303);
        throw error;
      }
      return reply.redirect(urlWith('/scorecard', { year: activity.year }), 303);
    },
  );
}
