import { Type } from 'typebox';
import { requireActor, type Actor } from '../../../app/access.js';
import { FormBody } from '../../../app/forms/body.js';
import type { PickerOption } from '../../../app/forms/bind.js';
import { submitForm } from '../../../app/forms/submit.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { NotFoundError } from '../../../app/errors.js';
import {
  contributionRequestForm,
  contributionStepForm,
  contributionTextForm,
  signoffAnswerForm,
  signoffProcedureForm,
} from '../forms/contributions.form.js';
import { contributionsPolicy } from '../reports.contributions.routes.js';
import { reportSignoffRules } from '../../../db/schema.js';
import {
  ContributionPage,
  ContributionsPage,
  SignoffAnswerPage,
  contributionHref,
  contributionsHref,
  signoffHref,
  type ContributionsForms,
} from '../views/contributions.js';
import { IdParams, type PagesApp } from './kit.js';

const ContributionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  contributionId: Type.String({ minLength: 1, maxLength: 64 }),
});
const AgencyParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  organisationId: Type.String({ minLength: 1, maxLength: 64 }),
});
const DoneQuery = Type.Object(
  { done: Type.Optional(Type.Literal('saved')) },
  { additionalProperties: false },
);

/**
 * The pages of contributions and sign-off: the secretariat's page of a report's requests and
 * sign-off, the contact point's page of a request, and an agency's answer on the final text.
 */
export async function contributionsPages(app: PagesApp): Promise<void> {
  const {
    reports,
    reportContributions: contributions,
    reportSignoffs: signoffs,
    network,
  } = app.services;

  const agencyChoices = async (): Promise<PickerOption[]> =>
    (await network.list('agency', { sort: 'acronym', direction: 'asc' })).map((o) => ({
      value: o.id,
      label: `${o.acronym}: ${o.name}`,
      short: o.acronym,
    }));

  /** The secretariat's page, drawn with the data as they stand and any refused form. */
  const drawSecretariat = async (
    request: { pageContext: () => Parameters<typeof ContributionsPage>[0]['ctx'] },
    actor: Actor,
    id: string,
    forms: ContributionsForms = {},
    done?: string,
  ) => {
    const report = await reports.get(actor, id);
    return (
      <ContributionsPage
        ctx={request.pageContext()}
        report={report}
        contributions={await contributions.ofReport(actor, id)}
        signoff={await signoffs.get(actor, id)}
        agencies={await agencyChoices()}
        forms={forms}
        done={done}
      />
    );
  };

  app.get(
    '/reports/:id/contributions',
    {
      schema: { params: IdParams, querystring: DoneQuery },
      config: { access: contributionsPolicy.ask, page: true },
    },
    async (request, reply) =>
      sendHtml(
        reply,
        await drawSecretariat(
          request,
          requireActor(request.actor),
          request.params.id,
          {},
          request.query.done,
        ),
      ),
  );

  app.post(
    '/reports/:id/contributions',
    {
      schema: { params: IdParams, body: FormBody },
      config: { access: contributionsPolicy.ask, page: true },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const id = request.params.id;
      return submitForm(reply, {
        form: contributionRequestForm,
        body: request.body,
        t: request.pageContext().t,
        write: (values) =>
          contributions.request(actor, request.auditContext(), id, {
            sectionId: values.sectionId,
            organisationIds: values.organisationIds,
            dueOn: values.dueOn,
            note: values.note,
          }),
        show: async (state, status) =>
          sendHtml(reply, await drawSecretariat(request, actor, id, { request: state }), status),
        done: `${contributionsHref(id)}?done=saved`,
      });
    },
  );

  app.post(
    '/reports/:id/contributions/:contributionId/accept',
    {
      schema: { params: ContributionParams, body: FormBody },
      config: { access: contributionsPolicy.ask, page: true },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { id, contributionId } = request.params;
      const found = await contributions.get(actor, id, contributionId);
      return submitForm(reply, {
        form: contributionStepForm,
        body: request.body,
        t: request.pageContext().t,
        write: (_values, version) =>
          contributions.accept(actor, request.auditContext(), id, found.id, version),
        show: async (state, status) =>
          sendHtml(
            reply,
            await drawSecretariat(request, actor, id, { step: { id: found.id, state } }),
            status,
          ),
        current: async () => ({
          values: {},
          version: (await contributions.get(actor, id, found.id)).version,
        }),
        done: `${contributionsHref(id)}?done=saved`,
      });
    },
  );

  app.post(
    '/reports/:id/signoff',
    {
      schema: { params: IdParams, body: FormBody },
      config: { access: contributionsPolicy.ask, page: true },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const id = request.params.id;
      return submitForm(reply, {
        form: signoffProcedureForm,
        body: request.body,
        t: request.pageContext().t,
        write: (values, version) =>
          signoffs.setProcedure(
            actor,
            request.auditContext(),
            id,
            {
              rule: reportSignoffRules.find((rule) => rule === values.rule) ?? 'explicit',
              dueOn: values.deadline,
            },
            version,
          ),
        show: async (state, status) =>
          sendHtml(reply, await drawSecretariat(request, actor, id, { procedure: state }), status),
        current: async () => {
          const now = await signoffs.get(actor, id);
          return { values: { rule: now.rule, deadline: now.dueOn ?? '' }, version: now.version };
        },
        done: `${contributionsHref(id)}?done=saved`,
      });
    },
  );

  app.post(
    '/reports/:id/reopen',
    {
      schema: { params: IdParams, body: FormBody },
      config: { access: contributionsPolicy.ask, page: true },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const id = request.params.id;
      return submitForm(reply, {
        form: contributionStepForm,
        body: request.body,
        t: request.pageContext().t,
        write: (_values, version) => signoffs.reopen(actor, request.auditContext(), id, version),
        show: async (state, status) =>
          sendHtml(
            reply,
            await drawSecretariat(request, actor, id, { step: { id: 'reopen', state } }),
            status,
          ),
        current: async () => ({ values: {}, version: (await reports.get(actor, id)).version }),
        done: `${contributionsHref(id)}?done=saved`,
      });
    },
  );

  app.get(
    '/reports/:id/contributions/:contributionId',
    {
      schema: { params: ContributionParams, querystring: DoneQuery },
      config: { access: contributionsPolicy.read, page: true },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const found = await contributions.get(
        actor,
        request.params.id,
        request.params.contributionId,
      );
      return sendHtml(reply, <ContributionPage ctx={request.pageContext()} contribution={found} />);
    },
  );

  for (const step of ['text', 'submit'] as const) {
    app.post(
      `/reports/:id/contributions/:contributionId/${step}`,
      {
        schema: { params: ContributionParams, body: FormBody },
        config: { access: contributionsPolicy.write, page: true },
      },
      async (request, reply) => {
        const actor = requireActor(request.actor);
        const { id, contributionId } = request.params;
        const found = await contributions.get(actor, id, contributionId);
        const ctx = request.pageContext();
        const current = async () => {
          const now = await contributions.get(actor, id, found.id);
          return { text: now.text, version: now.version };
        };
        const done = `${contributionHref(id, found.id)}?done=saved`;
        if (step === 'text')
          return submitForm(reply, {
            form: contributionTextForm,
            body: request.body,
            t: ctx.t,
            write: (values, version) =>
              contributions.write(actor, request.auditContext(), id, found.id, values, version),
            show: (state, status) =>
              sendHtml(
                reply,
                <ContributionPage ctx={ctx} contribution={found} text={state} />,
                status,
              ),
            current: async () => {
              const now = await current();
              return { values: { text: now.text }, version: now.version };
            },
            done,
          });
        return submitForm(reply, {
          form: contributionStepForm,
          body: request.body,
          t: ctx.t,
          write: (_values, version) =>
            contributions.submit(actor, request.auditContext(), id, found.id, version),
          show: (state, status) =>
            sendHtml(
              reply,
              <ContributionPage ctx={ctx} contribution={found} submit={state} />,
              status,
            ),
          current: async () => ({ values: {}, version: (await current()).version }),
          done,
        });
      },
    );
  }

  /** An agency's answer row in the sign-off the actor may see; anything else is not found. */
  const answerOf = async (actor: Actor, id: string, organisationId: string) => {
    const signoff = await signoffs.get(actor, id);
    const agency = signoff.agencies.find((a) => a.organisationId === organisationId);
    if (!agency) throw new NotFoundError('No such sign-off.');
    return { signoff, agency };
  };

  app.get(
    '/reports/:id/signoff/:organisationId',
    {
      schema: { params: AgencyParams, querystring: DoneQuery },
      config: { access: contributionsPolicy.answer, page: true },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { signoff, agency } = await answerOf(
        actor,
        request.params.id,
        request.params.organisationId,
      );
      return sendHtml(
        reply,
        <SignoffAnswerPage ctx={request.pageContext()} signoff={signoff} agency={agency} />,
      );
    },
  );

  app.post(
    '/reports/:id/signoff/:organisationId',
    {
      schema: { params: AgencyParams, body: FormBody },
      config: { access: contributionsPolicy.answer, page: true },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { id, organisationId } = request.params;
      const { signoff, agency } = await answerOf(actor, id, organisationId);
      const ctx = request.pageContext();
      return submitForm(reply, {
        form: signoffAnswerForm,
        body: request.body,
        t: ctx.t,
        write: (values, version) =>
          signoffs.answer(
            actor,
            request.auditContext(),
            id,
            organisationId,
            {
              answer: values.answer === 'objected' ? 'objected' : 'approved',
              comment: values.comment,
            },
            version,
          ),
        show: (state, status) =>
          sendHtml(
            reply,
            <SignoffAnswerPage ctx={ctx} signoff={signoff} agency={agency} state={state} />,
            status,
          ),
        current: async () => {
          const now = await answerOf(actor, id, organisationId);
          return {
            values: { answer: now.agency.answer ?? '', comment: now.agency.comment },
            version: now.agency.version,
          };
        },
        done: `${signoffHref(id, organisationId)}?done=saved`,
      });
    },
  );
}
