/**
 * The writes a crash drill makes while the platform runs: progress updates on the scorecard,
 * documents registered through the API and then given a file, and documents registered with
 * their file in one form post. Each write marks itself (see crash-checks.ts) and, once its client
 * has the success answer, is recorded as acknowledged.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Acknowledged } from './crash-checks.js';
import {
  FORM_REFERENCE_PREFIX,
  DRILL_REFERENCE_PREFIX,
  PROGRESS_TEXT_PREFIX,
} from './crash-checks.js';
import type { Writer } from './drill-writers.js';
import { jsonOf, type Answer } from './http-client.js';

/** A contact point who writes, with the activity of their agency they post progress on. */
export interface LoadTally {
  acknowledged: Acknowledged[];
  /** Requests that got no answer: the process died first. */
  unanswered: number;
  /** Answers a well-formed write should never get, described. */
  unexpected: string[];
}

/** A small text file, unique by its random lines. */
export function drillFile(label: string): Buffer {
  const lines = [`Drill file ${label}`];
  for (let i = 0; i < 48; i += 1) lines.push(randomBytes(32).toString('hex'));
  return Buffer.from(`${lines.join('\n')}\n`);
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function describe(what: string, answer: Answer): string {
  return `${what}: ${String(answer.status)} ${answer.body.toString('utf8').slice(0, 300)}`;
}

const today = () => new Date().toISOString().slice(0, 10);

export class CrashLoad {
  private sequence = 0;

  constructor(
    private readonly runId: string,
    private readonly tally: LoadTally,
  ) {}

  private next(): string {
    this.sequence += 1;
    return `${this.runId}-${String(this.sequence)}`;
  }

  /** Writes as `writer` until `stopped` says so or a request goes unanswered. */
  async run(writer: Writer, stopped: () => boolean): Promise<void> {
    while (!stopped()) {
      const pick = Math.random();
      try {
        if (pick < 0.4) await this.progress(writer);
        else if (pick < 0.7) await this.registerThenUpload(writer);
        else await this.registerWithFile(writer);
      } catch {
        // No answer: the process was killed during the request, or before it was sent.
        this.tally.unanswered += 1;
        return;
      }
    }
  }

  private async progress(writer: Writer): Promise<void> {
    const text = `${PROGRESS_TEXT_PREFIX}${this.next()}`;
    const answer = await writer.user.send(`/api/activities/${writer.activityId}/updates`, {
      json: { postedOn: today(), text },
      headers: { 'if-match': writer.etag },
    });
    if (answer.status === 201) {
      writer.etag = answer.headers.get('etag') ?? '';
      const { version } = jsonOf(answer) as { version: number };
      this.tally.acknowledged.push({
        kind: 'progress',
        activityId: writer.activityId,
        version,
        text,
      });
    } else if (answer.status === 412) {
      // An update the last crash cut off before its answer was stored: read the version anew.
      const current = await writer.user.send(`/api/activities/${writer.activityId}`);
      if (current.status !== 200) this.tally.unexpected.push(describe('read activity', current));
      writer.etag = current.headers.get('etag') ?? '';
    } else {
      this.tally.unexpected.push(describe('progress update', answer));
    }
  }

  private async registerThenUpload(writer: Writer): Promise<void> {
    const label = this.next();
    const registered = await writer.user.send('/api/documents', {
      json: {
        title: `Drill document ${label}`,
        documentType: 'report',
        language: 'en',
        originatorReference: `${DRILL_REFERENCE_PREFIX}api-${label}`,
        marking: { classification: 'none', releasability: 'network' },
      },
    });
    if (registered.status !== 201) {
      this.tally.unexpected.push(describe('register document', registered));
      return;
    }
    const documentId = (jsonOf(registered) as { document: { id: string } }).document.id;
    this.tally.acknowledged.push({ kind: 'document', documentId });
    const content = drillFile(label);
    const uploaded = await writer.user.send(
      `/api/documents/${documentId}/versions?filename=drill-${label}.txt`,
      { body: content },
    );
    if (uploaded.status !== 201) {
      this.tally.unexpected.push(describe('upload file', uploaded));
      return;
    }
    this.tally.acknowledged.push({ kind: 'file', documentId, sha256: sha256(content) });
  }

  private async registerWithFile(writer: Writer): Promise<void> {
    const label = this.next();
    const content = drillFile(label);
    const form = new FormData();
    form.append('_csrf', writer.user.csrf);
    form.append('title', `Drill form document ${label}`);
    form.append('documentType', 'report');
    form.append('language', 'en');
    form.append('originatorReference', `${FORM_REFERENCE_PREFIX}${label}`);
    form.append('classification', 'none');
    form.append('releasability', 'network');
    form.append('file', new Blob([content]), `drill-${label}.txt`);
    const answer = await writer.user.send('/documents', { form });
    const documentId = /^\/documents\/([0-9a-f-]{36})\?notice=registered$/.exec(
      answer.headers.get('location') ?? '',
    )?.[1];
    if (answer.status !== 303 || documentId === undefined) {
      this.tally.unexpected.push(describe('register document with file', answer));
      return;
    }
    this.tally.acknowledged.push({ kind: 'document', documentId });
    this.tally.acknowledged.push({ kind: 'file', documentId, sha256: sha256(content) });
  }
}
