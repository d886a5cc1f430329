import { Type } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { ValidationError, type FieldError } from '../../../app/errors.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import type { InfographicData, InfographicFigure } from '../outputs/infographic.js';
import { reportsPolicy } from '../reports.policy.js';
import { yearOrCurrent } from '../reports.routes.js';
import { InfographicPage } from '../views/infographic.js';
import type { PagesApp } from './kit.js';

const InfographicQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })),
    asOf: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: false },
);

/** The infographic of a year, as the reader may see it. */
export async function infographicPages(app: PagesApp): Promise<void> {
  const { yearInfographic } = app.services;

  app.get(
    '/reports/infographic',
    {
      schema: { querystring: InfographicQuery },
      config: { access: reportsPolicy.read, page: true },
    },
    async (request, reply) => {
      const ctx = request.pageContext();
      const year = yearOrCurrent(request.query.year);
      const asOf = request.query.asOf?.trim() || undefined;
      let infographic: { data: InfographicData; figures: readonly InfographicFigure[] } | null =
        null;
      let errors: FieldError[] = [];
      try {
        infographic = await yearInfographic.figures(requireActor(request.actor), year, asOf);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        errors = error.fieldErrors;
      }
      return sendHtml(
        reply,
        <InfographicPage
          ctx={ctx}
          year={year}
          asOf={asOf}
          infographic={infographic}
          errors={errors}
        />,
        errors.length > 0 ? 400 : 200,
      );
    },
  );
}
