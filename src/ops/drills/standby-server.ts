/**
 * The entry of a platform process that a drill starts: it loads the server's modules first, says
 * so on stdout, and serves (`jhanet serve`, as the command line does) on the port it then reads
 * on stdin. A drill keeps the next process loaded while the current one runs, so that what it
 * times after a crash is the server's own start: opening the database, migrating, listening.
 */
import { main } from '../../cli/main.js';
import { LOADED_LINE_TEXT } from './standby-protocol.js';

process.stdout.write(`${LOADED_LINE_TEXT}\n`);
process.stdin.once('data', (chunk: Buffer) => {
  process.stdin.pause();
  process.env.PORT = chunk.toString().trim();
  void main(['serve']);
});
