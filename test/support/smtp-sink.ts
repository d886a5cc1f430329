// A real SMTP server on loopback for the mail tests, run as a child process: it accepts every
// message (after SMTP_FAIL_FIRST temporary refusals) and prints each as a JSON line on stdout.
import { SMTPServer } from 'smtp-server';

let refusalsLeft = Number(process.env.SMTP_FAIL_FIRST ?? '0');

const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  allowInsecureAuth: true,
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === process.env.SMTP_USER && auth.password === process.env.SMTP_PASSWORD) {
      callback(null, { user: auth.username });
    } else {
      callback(new Error('Invalid username or password'));
    }
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (refusalsLeft > 0) {
        refusalsLeft -= 1;
        callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        return;
      }
      const message = {
        user: typeof session.user === 'string' ? session.user : null,
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('base64'),
      };
      process.stdout.write(`${JSON.stringify(message)}\n`);
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`LISTENING ${port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
