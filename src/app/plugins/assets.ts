import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { anyone } from '../access.js';

const require = createRequire(import.meta.url);
/** The Europa Component Library, installed from the registry: styles, scripts, icons, logos. */
const eclRoot = path.join(path.dirname(require.resolve('@ecl/preset-eu/package.json')), 'dist');
/**
 * Pikaday, the calendar ECL's datepicker opens, which ECL's script expects beside it: the version
 * ECL's datepicker package depends on, resolved through it.
 */
const pikadayFile = createRequire(
  createRequire(require.resolve('@ecl/preset-eu/package.json')).resolve(
    '@ecl/vanilla-component-datepicker/package.json',
  ),
).resolve('pikaday');
/** The platform's own few styles on top of ECL. */
const ownRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public');

const ONE_DAY = 86_400;

export async function registerAssets(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(fastifyStatic, { root: [eclRoot, ownRoot], serve: false });
  const schema = { hide: true, params: Type.Object({ '*': Type.String() }) };

  app.get('/assets/ecl/*', { schema, config: { access: anyone } }, (request, reply) => {
    return reply.sendFile(request.params['*'], eclRoot, {
      maxAge: ONE_DAY * 1000,
      immutable: false,
    });
  });
  app.get(
    '/assets/vendor/pikaday.js',
    { schema: { hide: true }, config: { access: anyone } },
    (request, reply) => {
      return reply.sendFile(path.basename(pikadayFile), path.dirname(pikadayFile), {
        maxAge: ONE_DAY * 1000,
      });
    },
  );
  app.get(
    '/assets/:file',
    {
      schema: { hide: true, params: Type.Object({ file: Type.String({ pattern: '^[\\w.-]+$' }) }) },
      config: { access: anyone },
    },
    (request, reply) => {
      return reply.sendFile(request.params.file, ownRoot, { maxAge: ONE_DAY * 1000 });
    },
  );
}
