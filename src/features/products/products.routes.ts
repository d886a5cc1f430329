import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../app/access.js';
import {
  errorResponses,
  expectedVersion,
  IfMatchHeader,
  pageOf,
  setVersionTag,
} from '../../app/http.js';
import {
  acceptWorkbooks,
  importOperation,
  importSizeText,
  sendExport,
  workbookResponse,
} from '../../app/spreadsheet/import-route.js';
import { XLSX_CONTENT_TYPE } from '../../app/xlsx.js';
import { toInput, type ProductInput } from './products.model.js';
import { productsPolicy } from './products.policy.js';
import {
  ActivityProductsParams,
  NewProductBody,
  ProductChangesBody,
  ProductFacetsSchema,
  ProductFiltersQuery,
  ProductListQuery,
  ProductParams,
  ProductSchema,
  UpcomingEditionSchema,
} from './products.schema.js';

const tags = ['products'];

/** A new product's input: what the body leaves out is empty, or not released to observers. */
export function newProductInput(body: NewProductBody): ProductInput {
  return {
    series: '',
    periodStart: null,
    periodEnd: null,
    publishedOn: null,
    releasedToObservers: false,
    publicUrl: null,
    fileType: null,
    document: null,
    topics: [],
    countries: [],
    lines: [],
    activities: [],
    ...body,
  };
}

/** The JSON API of the index of analytical products, its spreadsheet in and out. */
export async function productsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { products, productsTransfer } = app.services;
  acceptWorkbooks(app);

  app.get(
    '/api/products',
    {
      schema: {
        summary: 'The index of analytical products: filtered by facets, sorted, a page at a time',
        description:
          'Each facet lists how many of the matching products have each value. Observers see the public products and those released to them; a product that points to a document is seen only by those who may read the document.',
        tags,
        querystring: ProductListQuery,
        response: {
          200: Type.Intersect([
            pageOf(ProductSchema),
            Type.Object({ facets: ProductFacetsSchema }),
          ]),
          ...errorResponses(400, 401),
        },
      },
      config: { access: productsPolicy.read },
    },
    async (request) => products.list(requireActor(request.actor), request.query),
  );

  app.get(
    '/api/products/upcoming',
    {
      schema: {
        summary: 'What is coming: the next edition of each periodic product, soonest first',
        description:
          "From the periodicity and the period of each series' latest edition: the next period, and the day it is expected out (the last publication moved on by one period).",
        tags,
        response: { 200: Type.Array(UpcomingEditionSchema), ...errorResponses(401) },
      },
      config: { access: productsPolicy.read },
    },
    async (request) => products.upcoming(requireActor(request.actor)),
  );

  app.post(
    '/api/products',
    {
      schema: {
        summary: 'Add a product to the index',
        description:
          'Administrators and contact points add products their own agency produces (alone or with others). A public product gives its public link and file type, and may point only to a document that is not classified and is TLP:CLEAR.',
        tags,
        body: NewProductBody,
        response: { 201: ProductSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: productsPolicy.write },
    },
    async (request, reply) => {
      const product = await products.create(
        requireActor(request.actor),
        request.auditContext(),
        newProductInput(request.body),
      );
      setVersionTag(reply, product.version);
      return reply.status(201).header('location', `/api/products/${product.id}`).send(product);
    },
  );

  app.get(
    '/api/products/:id',
    {
      schema: {
        summary: 'One product, with the activities that deliver it and the lines it serves',
        tags,
        params: ProductParams,
        response: { 200: ProductSchema, ...errorResponses(400, 401, 404) },
      },
      config: { access: productsPolicy.read },
    },
    async (request, reply) => {
      const product = await products.get(requireActor(request.actor), request.params.id);
      setVersionTag(reply, product.version);
      return product;
    },
  );

  app.patch(
    '/api/products/:id',
    {
      schema: {
        summary: 'Change a product',
        description:
          'Send If-Match with the ETag you read: a change based on an older version is refused with 412. Only the producing agencies change a product; for the others it answers 404.',
        tags,
        params: ProductParams,
        headers: IfMatchHeader,
        body: ProductChangesBody,
        response: { 200: ProductSchema, ...errorResponses(400, 401, 404, 412, 428) },
      },
      config: { access: productsPolicy.write },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const version = expectedVersion(request);
      const current = await products.get(actor, request.params.id);
      const product = await products.update(
        actor,
        request.auditContext(),
        current.id,
        { ...toInput(current), ...request.body },
        version,
      );
      setVersionTag(reply, product.version);
      return product;
    },
  );

  app.delete(
    '/api/products/:id',
    {
      schema: {
        summary: 'Remove a product entered by mistake',
        tags,
        params: ProductParams,
        headers: IfMatchHeader,
        response: { 204: Type.Null(), ...errorResponses(401, 404, 412, 428) },
      },
      config: { access: productsPolicy.write },
    },
    async (request, reply) => {
      await products.delete(
        requireActor(request.actor),
        request.auditContext(),
        request.params.id,
        expectedVersion(request),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/activities/:id/products',
    {
      schema: {
        summary: 'The products an activity of the scorecard delivers',
        tags,
        params: ActivityProductsParams,
        response: { 200: Type.Array(ProductSchema), ...errorResponses(400, 401, 404) },
      },
      config: { access: productsPolicy.read },
    },
    async (request) => products.ofActivity(requireActor(request.actor), request.params.id),
  );

  app.get(
    '/api/products/export.xlsx',
    {
      schema: {
        summary: 'Export the index as an Excel workbook',
        description:
          'One row per product the caller may see, with the filters of GET /api/products. The layout is described in docs/products.md; an import reads the same layout.',
        tags,
        querystring: Type.Object(ProductFiltersQuery),
        response: {
          200: workbookResponse,
          ...errorResponses(400, 401),
        },
      },
      config: { access: productsPolicy.read },
    },
    async (request, reply) =>
      sendExport(reply, {
        name: 'jhanet-products.xlsx',
        contentType: XLSX_CONTENT_TYPE,
        body: await productsTransfer.exportXlsx(requireActor(request.actor), request.query),
      }),
  );

  importOperation(app, {
    url: '/api/products/import',
    summary: 'Import products from an Excel workbook in the layout of the export',
    description: `Send the .xlsx file as the request body (${importSizeText}). Only the first sheet is read. Rows without an ID add products; a row with an ID changes that product and must keep the Version it was exported at; rows equal to their product are left alone. Every row is checked first: if any is invalid, nothing is stored and the answer lists each problem with its row and column. Each agency imports the products it produces.`,
    tags,
    response: Type.Object({
      created: Type.Integer({ description: 'Rows without an ID, added as new products' }),
      updated: Type.Integer({ description: 'Rows that changed their product' }),
      unchanged: Type.Integer({ description: 'Rows equal to their product: left alone' }),
    }),
    access: productsPolicy.write,
    importFile: (request, _params, bytes) =>
      productsTransfer.importXlsx(requireActor(request.actor), request.auditContext(), bytes),
  });
}
