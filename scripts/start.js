// `npm start`: serve on the embedded database with the demo network unless told otherwise.
process.env.JHANET_DEMO ??= 'true';
const { main } = await import('../dist/cli/main.js');
await main(['serve']);
