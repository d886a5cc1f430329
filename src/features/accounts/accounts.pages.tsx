import type { FastifyInstance } from 'fastify';
import { loginPages } from './pages/login.pages.js';
import { accountPage } from './pages/account.pages.js';
import { userPages } from './pages/users.pages.js';
import { passwordPages } from './pages/password.pages.js';
import { secondStepPages } from './second-factor/pages/second-step.pages.js';
import { factorPages } from './second-factor/pages/factors.pages.js';

export async function accountPages(app: FastifyInstance): Promise<void> {
  await loginPages(app);
  await accountPage(app);
  await userPages(app);
  await passwordPages(app);
  await secondStepPages(app);
  await factorPages(app);
}
