import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import { NotFoundError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { submitForm } from '../../../app/forms/submit.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  LinkButton,
  Notification,
  Table,
  versionOf,
} from '../../../app/html/components.js';
import { IllustrativeTag } from '../../../app/html/illustrative-tag.js';
import { Moment } from '../../../app/html/moment.js';
import { h } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sendPage } from '../../../app/html/send-page.js';
import { formatNumber } from '../../../app/i18n/format.js';
import type { MessageKey } from '../../../app/i18n/i18n.js';
import { isIllustrative } from '../../../demo-sources.js';
import { toInput, type TrainingView } from '../training.model.js';
import { trainingPolicy } from '../training.policy.js';
import { PossibleDuplicatesError, type DuplicateCandidate } from '../training.service.js';
import { trainingForm, trainingInputOf, trainingValuesOf } from '../forms/training.form.js';
import { TrainingFormView } from '../views/training-form.js';
import { audienceLabel, kindLabel, period, topicsText, trainingHref } from '../views/parts.js';
import type { PagesApp } from './kit.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });

const write = { access: trainingPolicy.write, page: true };
const read = { access: trainingPolicy.read, page: true };

/** One training's pages: entering it, reading it with its history, changing and deleting it. */
export async function trainingRecordPages(app: PagesApp): Promise<void> {
  const { trainings, database } = app.services;

  async function sendForm(
    reply: FastifyReply,
    ctx: PageContext,
    options: {
      title: string;
      action: string;
      state: FormState<typeof trainingForm.fields>;
      organiserLocked: boolean;
      candidates?: readonly DuplicateCandidate[];
      status?: number;
    },
  ) {
    return sendPage(
      reply,
      ctx,
      options.title,
      <TrainingFormView
        ctx={ctx}
        action={options.action}
        state={options.state}
        organisations={await trainings.organisations()}
        organiserLocked={options.organiserLocked}
        candidates={options.candidates ?? []}
      />,
      { status: options.status ?? 200 },
    );
  }

  /**
   * The form's write, keeping what a possible duplicate found for the form shown again: the page
   * lists the candidates as a warning, in place of the refusal the kit would show as an error.
   */
  function remembering<R>(found: { candidates: DuplicateCandidate[] }, run: () => Promise<R>) {
    return run().catch((error: unknown) => {
      if (error instanceof PossibleDuplicatesError) found.candidates = error.candidates;
      throw error;
    });
  }

  /**
   * The form shown again after a write: when the write found likely duplicates, the only error
   * the kit holds is that refusal, which the warning replaces.
   */
  function warned(
    state: FormState<typeof trainingForm.fields>,
    found: { candidates: DuplicateCandidate[] },
  ): FormState<typeof trainingForm.fields> {
    const values = { ...state.values, confirm: false };
    return found.candidates.length > 0 ? { ...state, values, errors: [] } : { ...state, values };
  }

  const changeable = async (actor: Actor, id: string) => {
    const training = await trainings.get(actor, id);
    if (!trainings.mayChange(actor, training)) throw new NotFoundError('No such training.');
    return training;
  };

  app.get('/training/new', { config: write }, async (request, reply) => {
    const ctx = request.pageContext();
    const actor = requireActor(request.actor);
    return sendForm(reply, ctx, {
      title: ctx.t('training.newTitle'),
      action: '/training/new',
      state: {
        values: trainingForm.initial({
          organiser: actor.role === 'contact' ? actor.organisationAcronym : '',
        }),
        errors: [],
      },
      organiserLocked: actor.role === 'contact',
    });
  });

  app.post(
    '/training/new',
    { schema: { body: FormBody }, config: write },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const found = { candidates: [] as DuplicateCandidate[] };
      return submitForm(reply, {
        form: trainingForm,
        body: request.body,
        t: ctx.t,
        write: (values) =>
          remembering(found, () =>
            trainings.create(actor, request.auditContext(), trainingInputOf(values), {
              confirmed: values.confirm,
            }),
          ),
        show: (state, status) =>
          sendForm(reply, ctx, {
            title: ctx.t('training.newTitle'),
            action: '/training/new',
            state: warned(state, found),
            organiserLocked: actor.role === 'contact',
            candidates: found.candidates,
            status,
          }),
        done: (created) => `${trainingHref(created)}?saved=1`,
      });
    },
  );

  app.get(
    '/training/:id',
    { schema: { params: IdParams, querystring: SavedQuery }, config: read },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const actor = requireActor(request.actor);
      const training = await trainings.get(actor, request.params.id);
      const [revisions, illustrative] = await Promise.all([
        trainings.revisions(actor, training.id),
        isIllustrative(database.db, 'training', training.id),
      ]);
      const base = trainingHref(training);
      const count = (n: number | null) =>
        n === null ? t('training.unknown') : formatNumber(ctx.locale, n);
      const names = new Intl.DisplayNames([ctx.locale], { type: 'language' });
      return sendPage(
        reply,
        ctx,
        training.title,
        <div>
          <p>
            <a class="ecl-link" href="/training">
              {t('training.back')}
            </a>
          </p>
          {illustrative ? <IllustrativeTag ctx={ctx} /> : null}
          {trainings.mayChange(actor, training) ? (
            <p class="jh-actions">
              <LinkButton href={`${base}/edit`}>{t('common.edit')}</LinkButton>{' '}
              <a class="ecl-link ecl-u-ml-m" href={`${base}/delete`}>
                {t('training.delete.action')}
              </a>
            </p>
          ) : null}
          <TrainingDetails
            ctx={ctx}
            training={training}
            count={count}
            languageName={(c) => names.of(c) ?? c}
          />
          <h2 class="ecl-u-type-heading-2">{t('training.history')}</h2>
          <Table
            ctx={ctx}
            caption={t('training.history.caption')}
            rows={revisions}
            columns={[
              { header: t('training.history.version'), cell: (r) => String(r.version) },
              {
                header: t('training.history.when'),
                cell: (r) => <Moment locale={ctx.locale} at={r.recordedAt} />,
              },
              {
                header: t('training.history.by'),
                cell: (r) => r.recordedBy ?? t('training.history.system'),
              },
              {
                header: t('training.history.what'),
                cell: (r) =>
                  r.summary === 'created'
                    ? t('training.history.created')
                    : `${r.summary === 'imported' ? t('training.history.imported') : t('training.history.edited')}: ${r.changedFields
                        .map((field) => fieldLabel(ctx, field))
                        .join(', ')}`,
              },
            ]}
          />
        </div>,
        {
          notices: request.query.saved ? (
            <Notification variant="success">{t('common.saved')}</Notification>
          ) : undefined,
        },
      );
    },
  );

  app.get(
    '/training/:id/edit',
    { schema: { params: IdParams }, config: write },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const training = await changeable(actor, request.params.id);
      return sendForm(reply, ctx, {
        title: ctx.t('training.editTitle', { title: training.title }),
        action: `${trainingHref(training)}/edit`,
        state: trainingForm.opened(trainingValuesOf(toInput(training)), training.version),
        organiserLocked: actor.role !== 'admin',
      });
    },
  );

  app.post(
    '/training/:id/edit',
    { schema: { params: IdParams, body: FormBody }, config: write },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const training = await changeable(actor, request.params.id);
      const found = { candidates: [] as DuplicateCandidate[] };
      return submitForm(reply, {
        form: trainingForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          remembering(found, () =>
            trainings.update(
              actor,
              request.auditContext(),
              training.id,
              trainingInputOf(values),
              version,
              {
                confirmed: values.confirm,
              },
            ),
          ),
        show: (state, status) =>
          sendForm(reply, ctx, {
            title: ctx.t('training.editTitle', { title: training.title }),
            action: `${trainingHref(training)}/edit`,
            state: warned(state, found),
            organiserLocked: actor.role !== 'admin',
            candidates: found.candidates,
            status,
          }),
        current: async () => {
          const stored = await trainings.get(actor, training.id);
          return { values: trainingValuesOf(toInput(stored)), version: stored.version };
        },
        done: `${trainingHref(training)}?saved=1`,
      });
    },
  );

  app.get(
    '/training/:id/delete',
    { schema: { params: IdParams }, config: write },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const training = await changeable(requireActor(request.actor), request.params.id);
      return sendPage(
        reply,
        ctx,
        t('training.delete.title', { title: training.title }),
        <form method="post" action={`${trainingHref(training)}/delete`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(training.version)} />
          <p class="ecl-u-type-paragraph">{t('training.delete.body')}</p>
          <p class="jh-actions">
            <Button>{t('training.delete.submit')}</Button>
            <a class="ecl-link ecl-link--standalone" href={trainingHref(training)}>
              {t('common.cancel')}
            </a>
          </p>
        </form>,
      );
    },
  );

  app.post(
    '/training/:id/delete',
    { schema: { params: IdParams, body: FormBody }, config: write },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const training = await changeable(actor, request.params.id);
      const version = request.body.version;
      await trainings.delete(
        actor,
        request.auditContext(),
        training.id,
        versionOf(typeof version === 'string' ? version : undefined),
      );
      return reply.redirect('/training?deleted=1', 303);
    },
  );
}

/** The catalogue's name of each field a revision lists. */
const fieldKeys: Readonly<Record<string, MessageKey>> = {
  title: 'training.field.title',
  organiser: 'training.field.organiser',
  coOrganisers: 'training.field.coOrganisers',
  kind: 'training.field.kind',
  topics: 'training.field.topics',
  audience: 'training.field.audience',
  startOn: 'training.field.startOn',
  endOn: 'training.field.endOn',
  place: 'training.field.place',
  languages: 'training.field.languages',
  capacity: 'training.field.capacity',
  participants: 'training.field.participants',
  offerUrl: 'training.field.offerUrl',
  releasedToObservers: 'training.field.releasedToObservers',
};

function fieldLabel(ctx: PageContext, field: string): string {
  const key = fieldKeys[field];
  return key ? ctx.t(key) : field;
}

function TrainingDetails({
  ctx,
  training,
  count,
  languageName,
}: {
  ctx: PageContext;
  training: TrainingView;
  count: (n: number | null) => string;
  languageName: (code: string) => string;
}) {
  const { t } = ctx;
  return (
    <DescriptionList
      items={[
        [
          t('training.field.organiser'),
          `${training.organiser.acronym}: ${training.organiser.name}`,
        ],
        [
          t('training.field.coOrganisers'),
          training.coOrganisers.length === 0
            ? t('common.none')
            : training.coOrganisers.map((o) => o.acronym).join(', '),
        ],
        [t('training.field.kind'), kindLabel(t, training.kind)],
        [t('training.field.topics'), topicsText(ctx, training.topics)],
        [t('training.field.audience'), audienceLabel(t, training.audience)],
        [t('training.field.when'), period(ctx, training)],
        [t('training.field.place'), training.place],
        [t('training.field.languages'), training.languages.map(languageName).join(', ')],
        [t('training.field.capacity'), count(training.capacity)],
        [t('training.field.participants'), count(training.participants)],
        [
          t('training.field.offerUrl'),
          training.offerUrl ? (
            <a class="ecl-link" href={training.offerUrl}>
              {t('training.offerLink')}
            </a>
          ) : (
            t('common.none')
          ),
        ],
        [
          t('training.field.releasedToObservers'),
          training.releasedToObservers ? t('common.yes') : t('common.no'),
        ],
      ]}
    />
  );
}
