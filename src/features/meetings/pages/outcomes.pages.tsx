import { requireActor } from '../../../app/access.js';
import {
  actionPointForm,
  decisionForm,
  outcomesForm,
  outcomesValuesOf,
} from '../forms/meeting-page.forms.js';
import {
  ChildParams,
  fieldOf,
  IdParams,
  meetingPageKit,
  page,
  PageForm,
  versionOf,
  type PagesApp,
} from './kit.js';

/** What a meeting leaves behind: minutes and report, decisions, action points. */
export async function outcomesPages(app: PagesApp): Promise<void> {
  const { meetings } = app.services;
  const { childForm, buttonAction } = meetingPageKit(app);

  app.post(
    '/meetings/:id/outcomes',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { id } = request.params;
      return childForm(reply, request.pageContext(), id, {
        name: 'outcomes',
        form: outcomesForm,
        body: request.body,
        write: (values, version) =>
          meetings.updateOutcomes(actor, request.auditContext(), id, values, version),
        current: async () => {
          const stored = await meetings.get(actor, id);
          return { values: outcomesValuesOf(stored), version: stored.version };
        },
      });
    },
  );

  app.post(
    '/meetings/:id/decisions',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) =>
      childForm(reply, request.pageContext(), request.params.id, {
        name: 'decision',
        form: decisionForm,
        body: request.body,
        write: ({ decision }) =>
          meetings.addDecision(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            decision,
          ),
      }),
  );

  app.post(
    '/meetings/:id/action-points',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) =>
      childForm(reply, request.pageContext(), request.params.id, {
        name: 'actionPoint',
        form: actionPointForm,
        body: request.body,
        write: (values) =>
          meetings.addActionPoint(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            { ...values, dueOn: values.dueOn.trim() },
          ),
      }),
  );

  app.post(
    '/meetings/:id/action-points/:childId/status',
    { schema: { params: ChildParams, body: PageForm }, config: page() },
    async (request, reply) =>
      buttonAction(reply, request.pageContext(), request.params.id, 'actionPoint', () =>
        meetings.updateActionPoint(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.params.childId,
          { status: fieldOf(request.body, 'status') === 'done' ? 'done' : 'open' },
          versionOf(fieldOf(request.body, 'version')),
        ),
      ),
  );
}
