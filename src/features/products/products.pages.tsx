import type { FastifyInstance } from 'fastify';
import { productListPages } from './pages/list.pages.js';
import { productPages } from './pages/product.pages.js';
import { productTransferPages } from './pages/transfer.pages.js';

/** The pages of the index of analytical products. */
export async function productsPages(app: FastifyInstance): Promise<void> {
  await app.register(productTransferPages);
  await app.register(productListPages);
  await app.register(productPages);
}
