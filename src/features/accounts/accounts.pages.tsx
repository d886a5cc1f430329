import type { FastifyInstance } from 'fastify';
import { loginPages } from './pages/login.pages.js';
import { accountPage } from './pages/account.pages.js';
import { userPages } from './pages/users.pages.js';
import { passwordPages } from './pages/password.pages.js';

export async function accountPages(app: FastifyInstance): Promise<void> {
  await loginPages(app);
  await accountPage(app);
  await userPages(app);
  await passwordPages(app);
}
