import assert from 'node:assert/strict';
import { after, describe, test } from '../../../test/support/node-test.js';
import { pdfWithText } from '../../../test/support/fixture-files.js';
import { TextExtractor } from './isolated-extraction.js';

describe('text extraction in a worker thread', () => {
  const extractor = new TextExtractor({ timeoutMs: 30_000, heapMb: 256 });
  after(() => extractor.close());

  test('gives the text of files one after the other', async () => {
    const [pdf, text] = await Promise.all([
      extractor.extract(pdfWithText(['Joint investigation teams']), 'application/pdf'),
      extractor.extract(Buffer.from('Plain words'), 'text/plain; charset=utf-8'),
    ]);
    assert.equal(pdf.text, 'Joint investigation teams');
    assert.equal(text.text, 'Plain words');
  });

  test('a file that takes too long has no text, and the next one is read by a new worker', async () => {
    const hasty = new TextExtractor({ timeoutMs: 1, heapMb: 256 });
    const slow = await hasty.extract(pdfWithText(['Too slow']), 'application/pdf');
    assert.deepEqual(slow, { text: '', truncated: false, failed: true });
    await hasty.close();
    const next = await extractor.extract(Buffer.from('After the timeout'), 'text/plain');
    assert.equal(next.text, 'After the timeout');
  });
});
