import { requireActor } from '../../../app/access.js';
import {
  ChildForm,
  ChildParams,
  IdParams,
  meetingPageKit,
  page,
  versionOf,
  type PagesApp,
} from './kit.js';

/** What a meeting leaves behind: minutes and report, decisions, action points. */
export async function outcomesPages(app: PagesApp): Promise<void> {
  const { meetings } = app.services;
  const { childAction } = meetingPageKit(app);

  app.post(
    '/meetings/:id/outcomes',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const body = request.body;
      return childAction(reply, request.pageContext(), request.params.id, 'outcomes', body, () =>
        meetings.updateOutcomes(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          {
            minutes: body.minutes ?? '',
            report: body.report ?? '',
            reportInFinalReport: body.reportInFinalReport === '1',
          },
          versionOf(body.version),
        ),
      );
    },
  );

  app.post(
    '/meetings/:id/decisions',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) =>
      childAction(
        reply,
        request.pageContext(),
        request.params.id,
        'decision',
        request.body,
        () =>
          meetings.addDecision(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            request.body.decision ?? '',
          ),
        { text: 'decision' },
      ),
  );

  app.post(
    '/meetings/:id/action-points',
    { schema: { params: IdParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const body = request.body;
      return childAction(reply, request.pageContext(), request.params.id, 'actionPoint', body, () =>
        meetings.addActionPoint(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          {
            text: body.text ?? '',
            ownerOrganisationId: body.ownerOrganisationId ?? '',
            dueOn: body.dueOn ?? '',
          },
        ),
      );
    },
  );

  app.post(
    '/meetings/:id/action-points/:childId/status',
    { schema: { params: ChildParams, body: ChildForm }, config: page() },
    async (request, reply) => {
      const body = request.body;
      return childAction(reply, request.pageContext(), request.params.id, 'actionPoint', body, () =>
        meetings.updateActionPoint(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
          request.params.childId,
          { status: body.status === 'done' ? 'done' : 'open' },
          versionOf(body.version),
        ),
      );
    },
  );
}
