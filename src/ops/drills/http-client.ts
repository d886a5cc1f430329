/** A signed-in user of a platform the drill runs, over HTTP as any client. */

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

export class DrillUser {
  private cookie = '';
  private csrfToken = '';

  constructor(
    readonly email: string,
    private readonly password: string,
    /** The platform's address, which changes with each start. */
    public address: string,
  ) {}

  /** Signs in with the password; the session lives in the database, across restarts. */
  async signIn(): Promise<void> {
    const response = await fetch(`${this.address}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: this.email, password: this.password }),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 200)
      throw new Error(`${this.email} could not sign in: ${String(response.status)}`);
    const setCookie = response.headers.getSetCookie();
    const session = setCookie.find((c) => c.startsWith('jhanet_session='));
    if (!session) throw new Error('the sign-in set no session cookie');
    this.cookie = session.split(';')[0] ?? '';
    this.csrfToken = ((await response.json()) as { csrfToken: string }).csrfToken;
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
