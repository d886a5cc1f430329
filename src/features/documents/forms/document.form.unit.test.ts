import assert from 'node:assert/strict';
import { describe, test } from '../../../../test/support/node-test.js';
import { filledFromFile, lineCodes } from './document.form.js';

describe('the document form', () => {
  test('takes an empty title and language from the file name', () => {
    assert.deepEqual(
      filledFromFile({ title: '', language: '' }, '2017_JHA_network_minutes_FR.pdf'),
      {
        title: '2017 JHA network minutes',
        language: 'fr',
      },
    );
    assert.deepEqual(filledFromFile({ title: '', language: '' }, 'Annual report.docx'), {
      title: 'Annual report',
      language: 'en',
    });
  });

  test('keeps what the user typed, and needs a file to take anything from', () => {
    assert.deepEqual(filledFromFile({ title: 'Minutes', language: 'de' }, 'report_FR.pdf'), {
      title: 'Minutes',
      language: 'de',
    });
    assert.deepEqual(filledFromFile({ title: '', language: '' }, null), {
      title: '',
      language: 'en',
    });
  });

  test('reads line codes ticked one by one or typed together', () => {
    assert.deepEqual(lineCodes(['1.1.3', '2.1.1, 2.4.1', '']), ['1.1.3', '2.1.1', '2.4.1']);
  });
});
