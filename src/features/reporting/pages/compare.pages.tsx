import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { oneOf } from '../../../app/http.js';
import { reportsPolicy } from '../reports.policy.js';
import type { ReportComparison } from '../reports.versions.js';
import { ComparePage, compareViews } from '../views/compare.js';
import { IdParams, type PagesApp } from './kit.js';

const VersionNumber = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const CompareQuery = Type.Object(
  {
    from: Type.Optional(VersionNumber),
    to: Type.Optional(VersionNumber),
    view: oneOf(compareViews, { default: 'side' }),
  },
  { additionalProperties: false },
);

/** Two versions of a report side by side or as one text with its changes marked. */
export async function comparePages(app: PagesApp): Promise<void> {
  const { reports, reportVersions } = app.services;

  app.get(
    '/reports/:id/compare',
    {
      schema: { params: IdParams, querystring: CompareQuery },
      config: { access: reportsPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const versions = await reportVersions.list(actor, request.params.id);
      const report = await reports.get(actor, request.params.id);
      const { from, to, view } = request.query;
      let comparison: ReportComparison | null = null;
      if (from !== undefined && to !== undefined) {
        comparison = await reportVersions.compare(actor, report.id, from, to);
      }
      return sendHtml(
        reply,
        <ComparePage
          ctx={ctx}
          report={report}
          versions={versions}
          from={from}
          to={to}
          view={view}
          comparison={comparison}
        />,
      );
    },
  );
}
