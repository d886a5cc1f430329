// Entry the browser tests start as a child process: the real `jhanet serve`, run from source
// through tsx so the browser tier needs no build.
import { main } from '../../src/cli/main.js';

await main(['serve']);
