import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'smtp-sink.ts');

export interface ReceivedMail {
  user: string | null;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  user: string;
  password: string;
  received: ReceivedMail[];
  /** Waits until at least `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/** Starts the SMTP server script as a child process on a free loopback port. */
export async function startSmtpSink(options: { failFirst?: number } = {}): Promise<SmtpSink> {
  const user = 'network';
  const password = 'smtp-test-password';
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      SMTP_USER: user,
      SMTP_PASSWORD: password,
      SMTP_FAIL_FIRST: String(options.failFirst ?? 0),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const received: ReceivedMail[] = [];
  const parsing: Promise<void>[] = [];
  let buffer = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`the SMTP server exited with ${String(code)}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        const listening = /^LISTENING (\d+)$/.exec(line);
        if (listening) {
          resolve(Number(listening[1]));
          continue;
        }
        const message = JSON.parse(line) as { user: string | null; to: string[]; raw: string };
        const raw = Buffer.from(message.raw, 'base64').toString('utf8');
        parsing.push(
          simpleParser(raw).then((parsed) => {
            received.push({ user: message.user, to: message.to, raw, parsed });
          }),
        );
      }
    });
  });
  return {
    port,
    user,
    password,
    received,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        await Promise.all(parsing);
        if (received.length >= count) break;
        if (Date.now() > deadline)
          throw new Error(`expected ${count} messages, received ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    stop: async () => {
      await Promise.all(parsing);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The text/calendar part of a message, as nodemailer attaches it for an icalEvent. */
export function calendarPart(mail: ReceivedMail): string {
  const attachment = mail.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (attachment) return attachment.content.toString('utf8');
  throw new Error(`no text/calendar part in the message to ${mail.to.join(', ')}`);
}
