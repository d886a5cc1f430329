/** A signed-in user of a platform the drill runs, over HTTP as any client. */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  base32Decode,
  timeStep,
  totp,
  TOTP_STEP_SECONDS,
} from '../../features/accounts/second-factor/totp.js';

export interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  /** Milliseconds from sending the request until the whole answer was read. */
  ms: number;
}

export interface SendOptions {
  method?: string;
  json?: unknown;
  body?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  form?: FormData;
  /** A request that takes longer is abandoned (and counts as failed). */
  timeoutMs?: number;
}

const SIGN_IN_TIMEOUT_MS = 30_000;

interface SessionAnswer {
  csrfToken: string;
}

export class DrillUser {
  private cookie = '';
  private csrfToken = '';
  /** The authenticator app's secret, once the user set one up at a sign-in. */
  private totpSecret: Buffer | null = null;
  /** The last time step whose code was sent: a code is accepted once. */
  private lastStep = -1;

  constructor(
    readonly email: string,
    private readonly password: string,
    /** The platform's address, which changes with each start. */
    public address: string,
  ) {}

  /**
   * Signs in with the password and, when the platform asks for it (administrators and cleared
   * users must have one), the second factor: the first sign-in sets up an authenticator app, as
   * a person would, and later ones send its code. The session lives in the database, across
   * restarts.
   */
  async signIn(): Promise<void> {
    const first = await this.post('/api/session', { email: this.email, password: this.password });
    if (first.status === 200) return this.keepSession(first, '');
    if (first.status !== 202)
      throw new Error(`${this.email} could not sign in: ${String(first.status)}`);
    const pending = cookieOf(first, 'jhanet_pending');
    const { secondFactor } = (await first.json()) as { secondFactor: 'factor' | 'enrol' };
    if (secondFactor === 'enrol') {
      const offer = await this.post('/api/session/enrol', {}, pending);
      if (offer.status !== 200)
        throw new Error(`${this.email} could not set up a second factor: ${String(offer.status)}`);
      this.totpSecret = base32Decode(((await offer.json()) as { secret: string }).secret);
    }
    const path = secondFactor === 'enrol' ? '/api/session/enrol/confirm' : '/api/session/factor';
    const second = await this.post(path, { code: await this.nextCode() }, pending);
    if (second.status !== 200)
      throw new Error(`${this.email} could not pass the second step: ${String(second.status)}`);
    return this.keepSession(second, pending);
  }

  /** A code of a time step not used yet, waiting for the next step when this one was. */
  private async nextCode(): Promise<string> {
    if (!this.totpSecret)
      throw new Error(`${this.email} has a second factor the drill does not know`);
    if (timeStep(Date.now()) <= this.lastStep) {
      const nextStepAt = (this.lastStep + 1) * TOTP_STEP_SECONDS * 1000;
      await sleep(Math.max(0, nextStepAt - Date.now()));
    }
    this.lastStep = timeStep(Date.now());
    return totp(this.totpSecret, Date.now());
  }

  private post(path: string, json: unknown, pending = ''): Promise<Response> {
    return fetch(`${this.address}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(pending ? { cookie: `jhanet_pending=${pending}` } : {}),
      },
      body: JSON.stringify(json),
      signal: AbortSignal.timeout(SIGN_IN_TIMEOUT_MS),
    });
  }

  private async keepSession(response: Response, pending: string): Promise<void> {
    const session = cookieOf(response, 'jhanet_session');
    if (!session)
      throw new Error(
        `the sign-in set no session cookie${pending ? ' after the second step' : ''}`,
      );
    this.cookie = `jhanet_session=${session}`;
    this.csrfToken = ((await response.json()) as SessionAnswer).csrfToken;
  }

  /** The session cookie, as a `cookie` header sends it. */
  get cookieHeader(): string {
    return this.cookie;
  }

  get csrf(): string {
    return this.csrfToken;
  }

  /** Sends a request as this user; a network failure or timeout rejects. */
  async send(path: string, options: SendOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = {
      cookie: this.cookie,
      'x-csrf-token': this.csrfToken,
      ...options.headers,
    };
    let body: RequestInit['body'];
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = options.body;
    } else if (options.form) {
      body = options.form;
    }
    const started = performance.now();
    const response = await fetch(`${this.address}${path}`, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const content = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      body: content,
      ms: performance.now() - started,
    };
  }
}

/** The JSON of an answer. */
export function jsonOf(answer: Answer): unknown {
  return JSON.parse(answer.body.toString('utf8'));
}

/** The value of a cookie an answer sets, or '' when it sets none. */
function cookieOf(response: Response, name: string): string {
  const set = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return set?.split(';')[0]?.slice(name.length + 1) ?? '';
}
