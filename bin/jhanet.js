#!/usr/bin/env node
// The `jhanet` command: runs the compiled CLI (npm run build makes it).
import { main } from '../dist/cli/main.js';

await main(process.argv.slice(2));
