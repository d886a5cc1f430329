import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireActor } from '../../app/access.js';
import { errorResponses } from '../../app/http.js';
import { fileResponse, nameSchemas } from '../../app/openapi/declare.js';
import { sendDownload } from '../documents/documents.routes.js';
import { reportsPolicy } from './reports.policy.js';
import { yearOrCurrent } from './reports.routes.js';

export const InfographicQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2006, maximum: 2100 })),
    asOf: Type.Optional(
      Type.String({
        maxLength: 10,
        description:
          'The day the figures describe (YYYY-MM-DD), in the year or the next; by default the end of the year, or today within it.',
      }),
    ),
  },
  { additionalProperties: false },
);

const Table = Type.Object({
  caption: Type.String(),
  header: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.String())),
});

export const InfographicSchema = Type.Object({
  data: Type.Object({
    year: Type.Integer(),
    asOf: Type.String({ format: 'date' }),
    activitiesByStatus: Type.Array(
      Type.Object({ status: Type.String(), label: Type.String(), count: Type.Integer() }),
    ),
    sections: Type.Array(
      Type.Object({
        code: Type.String(),
        title: Type.String(),
        lines: Type.Integer(),
        coveredLines: Type.Integer(),
      }),
    ),
    agencies: Type.Array(
      Type.Object({ name: Type.String(), involvement: Type.Array(Type.Integer()) }),
      { description: 'Per agency, the activities it led or joined in each section, in order.' },
    ),
    meetings: Type.Array(Type.Object({ title: Type.String(), date: Type.String() })),
    products: Type.Array(Type.Object({ kind: Type.String(), count: Type.Integer() }), {
      description: 'The deliverables of the activities, by kind of activity.',
    }),
  }),
  figures: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      alt: Type.String({ description: 'The alternative text of the figure.' }),
      table: Table,
    }),
  ),
});

nameSchemas({ Infographic: InfographicSchema });

const tags = ['reports'];
const about =
  'Counted from what the caller may see: the activities of the scorecard as they stood on the day, the meetings held by then that the caller may see, and the deliverables of those activities as the products.';

/** The one-page infographic of a year: its figures, and the picture as SVG and PNG. */
export async function reportInfographicRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { yearInfographic } = app.services;

  app.get(
    '/api/reports/infographic',
    {
      schema: {
        summary: "The figures of a year's infographic, each with its alternative text and table",
        description: about,
        tags,
        querystring: InfographicQuery,
        response: { 200: InfographicSchema, ...errorResponses(400, 401) },
      },
      config: { access: reportsPolicy.read },
    },
    async (request) => {
      const infographic = await yearInfographic.figures(
        requireActor(request.actor),
        yearOrCurrent(request.query.year),
        request.query.asOf,
      );
      // Read-only lists in the renderer, plain in the schema: the same values.
      return infographic as Static<typeof InfographicSchema>;
    },
  );

  const pictures = {
    svg: {
      contentType: 'image/svg+xml',
      render: async (...args: Parameters<typeof yearInfographic.svg>) =>
        Buffer.from(await yearInfographic.svg(...args), 'utf8'),
    },
    png: { contentType: 'image/png', render: yearInfographic.png.bind(yearInfographic) },
  } as const;
  for (const format of ['svg', 'png'] as const) {
    const { contentType, render } = pictures[format];
    app.get(
      `/api/reports/infographic.${format}`,
      {
        schema: {
          summary: `A year's infographic as ${format === 'svg' ? 'SVG' : 'PNG (1240 pixels wide, A4 at 150 dpi)'}`,
          description: `${about} The picture names each figure and describes it (title and desc in SVG).`,
          tags,
          querystring: InfographicQuery,
          response: {
            200: fileResponse(`The infographic (.${format})`, [contentType]),
            ...errorResponses(400, 401),
          },
        },
        config: { access: reportsPolicy.read },
      },
      async (request, reply) => {
        const year = yearOrCurrent(request.query.year);
        return sendDownload(reply, {
          filename: `jha-network-${String(year)}-infographic.${format}`,
          contentType,
          content: await render(requireActor(request.actor), year, request.query.asOf),
        });
      },
    );
  }
}
