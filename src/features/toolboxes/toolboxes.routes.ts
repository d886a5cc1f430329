import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import { errorResponses, expectedVersion, IfMatchHeader, setVersionTag } from '../../app/http.js';
import {
  acceptWorkbooks,
  importOperation,
  importSizeText,
  sendExport,
  workbookResponse,
} from '../../app/spreadsheet/import-route.js';
import { XLSX_CONTENT_TYPE } from '../../app/xlsx.js';
import { cellOf } from './toolboxes.analysis.js';
import { inputOf, type MatrixView, type OfferInput } from './toolboxes.model.js';
import { toolboxesPolicy } from './toolboxes.policy.js';
import {
  AnalysisSchema,
  ImportSummarySchema,
  MatrixSchema,
  NewOfferBody,
  NewThemeBody,
  NewToolboxBody,
  OfferChangesBody,
  OfferParams,
  OfferRevisionSchema,
  OfferSchema,
  OffersQuery,
  ToolboxChangesBody,
  ToolboxParams,
  ToolboxSchema,
  ToolboxSummarySchema,
} from './toolboxes.schema.js';

const tags = ['toolboxes'];

/** A new offer's input: what the body leaves out is empty, and the offer stays in the network. */
export function newOfferInput(body: NewOfferBody): OfferInput {
  return {
    description: '',
    accessConditions: '',
    legalBasis: '',
    releasedToObservers: false,
    ...body,
  };
}

/** The matrix as the API answers it: a cell per agency and theme, naming its offers. */
export function matrixBody(matrix: MatrixView) {
  return {
    ...matrix,
    cells: matrix.agencies.flatMap((agency) =>
      matrix.toolbox.themes.map((theme) => ({
        agencyId: agency.id,
        themeId: theme.id,
        offerIds: cellOf(matrix.offers, agency, theme).map((offer) => offer.id),
      })),
    ),
  };
}

/** A safe file name for a toolbox's export. */
export function exportFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `jhanet-toolbox-${slug || 'export'}.xlsx`;
}

export async function toolboxesRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { toolboxes, toolboxTransfer } = app.services;
  acceptWorkbooks(app);

  app.get(
    '/api/toolboxes',
    {
      schema: {
        summary: "The toolboxes: which agency offers what, in a field of the network's work",
        tags,
        response: { 200: Type.Array(ToolboxSummarySchema), ...errorResponses(401) },
      },
      config: { access: toolboxesPolicy.read },
    },
    async (request) => toolboxes.list(requireActor(request.actor)),
  );

  app.post(
    '/api/toolboxes',
    {
      schema: {
        summary: 'Create a toolbox with its themes',
        description: 'For the secretariat. The themes are the columns of the matrix, in order.',
        tags,
        body: NewToolboxBody,
        response: { 201: ToolboxSchema, ...errorResponses(400, 401) },
      },
      config: { access: toolboxesPolicy.manage },
    },
    async (request, reply) => {
      const toolbox = await toolboxes.create(requireActor(request.actor), request.auditContext(), {
        title: request.body.title,
        description: request.body.description ?? '',
        themes: request.body.themes.map((t) => ({
          title: t.title,
          description: t.description ?? '',
        })),
      });
      setVersionTag(reply, toolbox.version);
      return reply.status(201).header('location', `/api/toolboxes/${toolbox.id}`).send(toolbox);
    },
  );

  app.get(
    '/api/toolboxes/:id',
    {
      schema: {
        summary: 'A toolbox and its themes',
        tags,
        params: ToolboxParams,
        response: { 200: ToolboxSchema, ...errorResponses(401, 404) },
      },
      config: { access: toolboxesPolicy.read },
    },
    async (request, reply) => {
      const toolbox = await toolboxes.get(request.params.id);
      setVersionTag(reply, toolbox.version);
      return toolbox;
    },
  );

  app.patch(
    '/api/toolboxes/:id',
    {
      schema: {
        summary: "Change a toolbox's title or description",
        description: 'For the secretariat. Send If-Match with the ETag you read.',
        tags,
        params: ToolboxParams,
        headers: IfMatchHeader,
        body: ToolboxChangesBody,
        response: { 200: ToolboxSchema, ...errorResponses(400, 401, 404, 412, 428) },
      },
      config: { access: toolboxesPolicy.manage },
    },
    async (request, reply) => {
      const toolbox = await toolboxes.update(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        request.body,
        expectedVersion(request),
      );
      setVersionTag(reply, toolbox.version);
      return toolbox;
    },
  );

  app.post(
    '/api/toolboxes/:id/themes',
    {
      schema: {
        summary: 'Add a theme to a toolbox',
        description:
          "For the secretariat. The theme becomes the matrix's last column. Send If-Match with the toolbox's ETag.",
        tags,
        params: ToolboxParams,
        headers: IfMatchHeader,
        body: NewThemeBody,
        response: { 201: ToolboxSchema, ...errorResponses(400, 401, 404, 412, 428) },
      },
      config: { access: toolboxesPolicy.manage },
    },
    async (request, reply) => {
      const toolbox = await toolboxes.addTheme(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        { title: request.body.title, description: request.body.description ?? '' },
        expectedVersion(request),
      );
      setVersionTag(reply, toolbox.version);
      return reply.status(201).send(toolbox);
    },
  );

  app.get(
    '/api/toolboxes/:id/matrix',
    {
      schema: {
        summary: 'The matrix of a toolbox: agencies by themes, each cell the offers',
        description: 'Observers see the offers released to them.',
        tags,
        params: ToolboxParams,
        response: { 200: MatrixSchema, ...errorResponses(401, 404) },
      },
      config: { access: toolboxesPolicy.read },
    },
    async (request) =>
      matrixBody(await toolboxes.matrix(requireActor(request.actor), request.params.id)),
  );

  app.get(
    '/api/toolboxes/:id/analysis',
    {
      schema: {
        summary: 'The gaps and overlaps of a toolbox, for the network to discuss',
        description:
          'Gaps: themes no offer covers. Overlaps: themes where two or more agencies offer the same kind of thing. Worked out from the offers the caller may read.',
        tags,
        params: ToolboxParams,
        response: { 200: AnalysisSchema, ...errorResponses(401, 404) },
      },
      config: { access: toolboxesPolicy.read },
    },
    async (request) => toolboxes.analysis(requireActor(request.actor), request.params.id),
  );

  app.get(
    '/api/toolboxes/:id/offers',
    {
      schema: {
        summary: 'The offers of a toolbox, by agency, optionally of one theme or one agency',
        tags,
        params: ToolboxParams,
        querystring: OffersQuery,
        response: { 200: Type.Array(OfferSchema), ...errorResponses(400, 401, 404) },
      },
      config: { access: toolboxesPolicy.read },
    },
    async (request) =>
      toolboxes.offers(requireActor(request.actor), request.params.id, request.query),
  );

  app.post(
    '/api/toolboxes/:id/offers',
    {
      schema: {
        summary: 'Add an offer to a toolbox',
        description:
          'Contact points add offers of their own agency. Themes are ids or titles of the toolbox themes. An offer stays inside the network unless releasedToObservers is true.',
        tags,
        params: ToolboxParams,
        body: NewOfferBody,
        response: { 201: OfferSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: toolboxesPolicy.offer },
    },
    async (request, reply) => {
      const offer = await toolboxes.createOffer(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        newOfferInput(request.body),
      );
      setVersionTag(reply, offer.version);
      return reply.status(201).header('location', `/api/toolbox-offers/${offer.id}`).send(offer);
    },
  );

  app.get(
    '/api/toolbox-offers/:id',
    {
      schema: {
        summary: 'One offer of a toolbox',
        tags,
        params: OfferParams,
        response: { 200: OfferSchema, ...errorResponses(401, 404) },
      },
      config: { access: toolboxesPolicy.read },
    },
    async (request, reply) => {
      const offer = await toolboxes.getOffer(requireActor(request.actor), request.params.id);
      setVersionTag(reply, offer.version);
      return offer;
    },
  );

  app.patch(
    '/api/toolbox-offers/:id',
    {
      schema: {
        summary: 'Change an offer',
        description:
          "Send If-Match with the ETag you read: a change based on an older version is refused with 412. Contact points change their own agency's offers; only administrators hand an offer to another agency.",
        tags,
        params: OfferParams,
        headers: IfMatchHeader,
        body: OfferChangesBody,
        response: { 200: OfferSchema, ...errorResponses(400, 401, 404, 412, 428) },
      },
      config: { access: toolboxesPolicy.offer },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const version = expectedVersion(request);
      const current = await toolboxes.changeable(
        app.services.database.db,
        actor,
        request.params.id,
      );
      const offer = await toolboxes.updateOffer(
        actor,
        request.auditContext(),
        current.id,
        { ...inputOf(current), ...request.body },
        version,
      );
      setVersionTag(reply, offer.version);
      return offer;
    },
  );

  app.delete(
    '/api/toolbox-offers/:id',
    {
      schema: {
        summary: 'Withdraw an offer',
        description: "Contact points withdraw their own agency's offers. Send If-Match.",
        tags,
        params: OfferParams,
        headers: IfMatchHeader,
        response: { 204: Type.Null(), ...errorResponses(401, 404, 412, 428) },
      },
      config: { access: toolboxesPolicy.offer },
    },
    async (request, reply) => {
      await toolboxes.deleteOffer(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        expectedVersion(request),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/toolbox-offers/:id/revisions',
    {
      schema: {
        summary: 'The history of an offer, latest first: each version and what it changed',
        tags,
        params: OfferParams,
        response: { 200: Type.Array(OfferRevisionSchema), ...errorResponses(401, 404) },
      },
      config: { access: toolboxesPolicy.read },
    },
    async (request) => toolboxes.revisions(requireActor(request.actor), request.params.id),
  );

  app.get(
    '/api/toolboxes/:id/export.xlsx',
    {
      schema: {
        summary: 'Export a toolbox as an Excel workbook',
        description:
          'The first sheet, "Offers", has one row per offer in the layout the import reads; the second, "Matrix", the agencies down and the themes across, each cell the offers. Observers get only what is released to them.',
        tags,
        params: ToolboxParams,
        response: {
          200: workbookResponse,
          ...errorResponses(401, 404),
        },
      },
      config: { access: toolboxesPolicy.read },
    },
    async (request, reply) => {
      const { title, file } = await toolboxTransfer.exportXlsx(
        requireActor(request.actor),
        request.params.id,
      );
      return sendExport(reply, {
        name: exportFileName(title),
        contentType: XLSX_CONTENT_TYPE,
        body: file,
      });
    },
  );

  importOperation(app, {
    url: '/api/toolboxes/:id/import',
    summary: "Import offers from an Excel workbook in the layout of the export's first sheet",
    description: `Send the .xlsx file as the request body (${importSizeText}). Only the first sheet is read. Rows without an ID add offers; a row with an ID changes that offer and must keep the Version it was exported at; rows equal to their offer are left alone. Every row is checked first: if any is invalid, nothing is stored and the answer lists each problem with its row and column. Contact points import their own agency's offers.`,
    tags,
    params: ToolboxParams,
    response: ImportSummarySchema,
    access: toolboxesPolicy.offer,
    importFile: (request, params, bytes) =>
      toolboxTransfer.importXlsx(
        requireActor(request.actor),
        request.auditContext(),
        params.id,
        bytes,
      ),
  });
}
