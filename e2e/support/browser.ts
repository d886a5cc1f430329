import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import type { Role } from '../../src/db/schema.js';
import { en } from '../../src/app/i18n/messages.en.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const entry = path.join(root, 'e2e/support/serve.ts');
const STARTUP_TIMEOUT_MS = 60_000;
const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
}

export interface RunningServer {
  /** http://localhost:PORT, without a trailing slash. */
  readonly baseUrl: string;
  /** `localhost:PORT`: the only host a page may talk to. */
  readonly host: string;
  readonly accounts: readonly DemoAccount[];
  account(email: string): DemoAccount;
  /** Everything the server printed, for a failing test to show. */
  output(): string;
  stop(): Promise<void>;
}

const CREDENTIAL_LINE = /^ {2}(admin|contact|member|observer) +(\S+@\S+) +(\S+) *$/gm;
const LISTENING = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/;

function parseAccounts(output: string): DemoAccount[] {
  return [...output.matchAll(CREDENTIAL_LINE)].map((m) => ({
    role: m[1] as Role,
    email: m[2] ?? '',
    password: m[3] ?? '',
  }));
}

async function waitForReady(baseUrl: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // Not accepting connections yet: try again until the deadline.
    }
    if (Date.now() > deadline) throw new Error('/readyz did not answer 200 in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });
}

/**
 * Starts the real server (`jhanet serve`, from source) on a free port of 127.0.0.1 with a
 * temporary embedded database and the demo network, and waits until it is ready. Development
 * mode, because the browser talks plain HTTP and would drop Secure cookies. `extraEnv` adds to
 * or overrides its environment, such as an SMTP server to deliver mail to.
 */
export async function startServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'jhanet-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    JHANET_DEMO: 'true',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    HOST: '127.0.0.1',
    // Port 0 lets the kernel pick a free port; the listening log line says which.
    PORT: '0',
    LOG_LEVEL: 'info',
    // The demo accounts sign in many times a minute across the suite; the second-factor
    // tests ask for the platform's own rule (administrators and cleared users need one).
    JHANET_REQUIRE_SECOND_FACTOR: 'optional',
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: string) => {
    output += chunk;
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    const port = await new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = LISTENING.exec(output);
        if (match?.[1]) {
          cleanup();
          resolve(match[1]);
        }
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`the server exited before listening`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error('the server did not start listening in time'));
      }, STARTUP_TIMEOUT_MS);
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.stderr.off('data', check);
        child.off('exit', onExit);
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.once('exit', onExit);
      check();
    });
    const baseUrl = `http://localhost:${port}`;
    await waitForReady(baseUrl, deadline);
    const accounts = parseAccounts(output);
    if (accounts.length === 0) throw new Error('the server printed no demo credentials');
    return {
      baseUrl,
      host: `localhost:${port}`,
      accounts,
      account(email) {
        const found = accounts.find((a) => a.email === email);
        if (!found) throw new Error(`no demo account ${email}`);
        return found;
      },
      output: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface GuardedContext {
  readonly context: BrowserContext;
  /** URLs of requests to another host, blocked before they left the browser. */
  readonly foreignRequests: string[];
  /** Script errors, refusals by the content security policy, and assets that failed to load. */
  readonly pageProblems: string[];
  newPage(): Promise<Page>;
  /** Throws if any page asked another host for anything or had one of the problems above. */
  assertClean(): void;
  close(): Promise<void>;
}

function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`${page.url()}: script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy'))
      problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    // The document itself may answer 404 or 409 on purpose; what it loads may not fail.
    if (response.status() >= 400 && response.request().resourceType() !== 'document')
      problems.push(`${page.url()}: ${response.url()} answered ${response.status()}`);
  });
}

/**
 * A browser context whose pages may only talk to the server under test: every other request is
 * recorded and aborted, so the check holds even when the machine has no network. axe-core is
 * added to every page as an init script, which the page's content security policy does not
 * govern, so the policy stays in force and a page that breaks it fails the test.
 */
export async function guardedContext(
  browser: Browser,
  server: RunningServer,
  options: BrowserContextOptions = {},
): Promise<GuardedContext> {
  const context = await browser.newContext({ baseURL: server.baseUrl, ...options });
  // A local server answers in milliseconds: fail fast rather than wait Playwright's 30 s default.
  context.setDefaultTimeout(10_000);
  await context.addInitScript({ path: axeScript });
  const foreignRequests: string[] = [];
  const pageProblems: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.host === server.host) {
      await route.continue();
      return;
    }
    foreignRequests.push(url.href);
    await route.abort('blockedbyclient');
  });
  context.on('page', (page) => {
    watch(page, pageProblems);
  });
  return {
    context,
    foreignRequests,
    pageProblems,
    newPage: () => context.newPage(),
    assertClean() {
      if (foreignRequests.length > 0)
        throw new Error(`requests to other hosts:\n  ${foreignRequests.join('\n  ')}`);
      if (pageProblems.length > 0)
        throw new Error(`page problems:\n  ${pageProblems.join('\n  ')}`);
    },
    close: () => context.close(),
  };
}

/**
 * Clicks a button that submits a form and waits for the page it leads to (after any redirect):
 * answers that page's response.
 */
export async function submit(button: Locator): Promise<Response> {
  const page = button.page();
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) =>
        r.request().isNavigationRequest() &&
        r.frame() === page.mainFrame() &&
        (r.status() < 300 || r.status() >= 400),
    ),
    button.click(),
  ]);
  await page.waitForLoadState();
  return response;
}

/** Signs in through the login form as a demo account; fails unless it leaves the login page. */
export async function signIn(page: Page, account: DemoAccount): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(en['login.email'], { exact: true }).fill(account.email);
  await page.getByLabel(en['login.password'], { exact: true }).fill(account.password);
  const response = await submit(
    page.locator('main').getByRole('button', { name: en['login.submit'] }),
  );
  assert.equal(response.status(), 200);
  assert.notEqual(new URL(page.url()).pathname, '/login', `${account.email} could not sign in`);
}
