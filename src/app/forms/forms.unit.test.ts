import assert from 'node:assert/strict';
import type { FastifyReply } from 'fastify';
import { describe, test } from '../../../test/support/node-test.js';
import type { PageContext } from '../html/page-context.js';
import { translator } from '../i18n/i18n.js';
import { NotFoundError, ConflictError, StaleVersionError, ValidationError } from '../errors.js';
import { choice, date, flag, many, rows, text } from './fields.js';
import { defineForm, mergeStale, type FormState } from './define-form.js';
import { bindForm } from './bind.js';
import { submitForm } from './submit.js';

const t = translator('en');
const ctx: PageContext = {
  actor: null,
  locale: 'en',
  t,
  csrfToken: 'token-1',
  path: '/x',
  requestId: 'r1',
  unreadNotifications: null,
};

const activity = defineForm({
  fields: {
    title: text({ label: 'scorecard.field.title', required: true, max: 200 }),
    plannedStart: date({ label: 'scorecard.field.plannedStart' }),
    status: choice({
      label: 'scorecard.field.status',
      options: [
        { value: 'planned', label: 'scorecard.status.planned' },
        { value: 'ongoing', label: 'scorecard.status.ongoing' },
      ],
    }),
    lines: many({ label: 'scorecard.field.lines' }),
    releasedToObservers: flag({ label: 'scorecard.field.releasedToObservers', on: 'yes' }),
    indicators: rows({
      label: 'scorecard.field.indicators',
      prefix: 'indicator',
      max: 5,
      columns: {
        name: { label: 'scorecard.indicator.name' },
        target: { label: 'scorecard.indicator.target' },
      },
    }),
  },
  fromService: { start: 'plannedStart' },
});

const stored = activity.initial({
  title: 'Handbook',
  plannedStart: '2017-03-01',
  status: 'planned',
  lines: ['1.1.3'],
  releasedToObservers: true,
});

/** A reply that records the redirect it was asked for. */
function fakeReply() {
  const sent: { target?: string; status?: number } = {};
  const reply = {
    redirect(target: string, status: number) {
      sent.target = target;
      sent.status = status;
      return Promise.resolve(reply);
    },
  } as unknown as FastifyReply;
  return { reply, sent };
}

describe('a declared form', () => {
  test('reads a body into typed values: lists, flags and rows, empty rows dropped', () => {
    const state = activity.read(
      {
        title: 'Handbook',
        plannedStart: '2017-03-01',
        status: 'ongoing',
        lines: ['1.1.3', '', '2.1'],
        releasedToObservers: 'yes',
        indicatorName0: 'Copies',
        indicatorTarget0: '500',
        indicatorName1: '',
        indicatorName2: 'Readers',
        version: '4',
      },
      t,
    );
    assert.deepEqual(state.errors, []);
    assert.equal(state.version, 4);
    assert.deepEqual(state.values, {
      title: 'Handbook',
      plannedStart: '2017-03-01',
      status: 'ongoing',
      lines: ['1.1.3', '2.1'],
      releasedToObservers: true,
      indicators: [
        { name: 'Copies', target: '500' },
        { name: 'Readers', target: '' },
      ],
    });
  });

  test('a flag is set only by its own value, and an unreadable version never matches', () => {
    const state = activity.read({ releasedToObservers: 'no', version: 'x1' }, t);
    assert.equal(state.values.releasedToObservers, false);
    assert.equal(state.version, -1);
  });

  test('reports every error of its own at once: a bad date and a choice not offered', () => {
    const state = activity.read({ plannedStart: '2017-02-30', status: 'finished' }, t);
    assert.deepEqual(
      state.errors.map((e) => e.field),
      ['plannedStart', 'status'],
    );
    assert.match(state.errors[1]?.message ?? '', /^Status: choose one of the options offered\.$/);
  });

  test('names a service error after the input it belongs to', () => {
    assert.equal(activity.inputOf('start'), 'plannedStart');
    assert.equal(activity.inputOf('indicators[1].target'), 'indicatorTarget1');
    assert.equal(activity.inputOf('title'), 'title');
  });
});

describe('the merge of a stale save', () => {
  test('keeps the other change where this user changed nothing, and this user’s elsewhere', () => {
    const base = stored;
    const theirs = { ...stored, title: 'Handbook, second edition' };
    const mine = { ...stored, plannedStart: '2017-04-01', lines: ['1.1.3', '2.1'] };
    const merged = mergeStale(activity, mine, base, theirs);
    assert.equal(merged.values.title, 'Handbook, second edition');
    assert.equal(merged.values.plannedStart, '2017-04-01');
    assert.deepEqual(merged.values.lines, ['1.1.3', '2.1']);
    assert.deepEqual(merged.conflicts, [
      { name: 'title', theirs: 'Handbook, second edition', mine: 'Handbook', choose: false },
    ]);
  });

  test('asks for a choice where both changed the same field differently', () => {
    const theirs = { ...stored, title: 'Theirs' };
    const mine = { ...stored, title: 'Mine' };
    const merged = mergeStale(activity, mine, stored, theirs);
    assert.deepEqual(merged.conflicts, [
      { name: 'title', theirs: 'Theirs', mine: 'Mine', choose: true },
    ]);
    const same = mergeStale(activity, theirs, stored, theirs);
    assert.deepEqual(same.conflicts, []);
  });

  test('without the base it was opened on, every field that differs is a choice', () => {
    const merged = mergeStale(activity, { ...stored, title: 'Mine' }, undefined, {
      ...stored,
      status: 'ongoing',
    });
    assert.deepEqual(
      merged.conflicts.map((c) => [c.name, c.choose]),
      [
        ['title', true],
        ['status', true],
      ],
    );
  });

  test('the choice made comes back with the next save; one left open is an error', () => {
    const sent = activity.read(
      {
        title: 'Mine',
        status: 'ongoing',
        _base: JSON.stringify({ ...stored, title: 'Theirs' }),
        _conflicts: 'title,status,nonsense',
        '_keep-title': 'theirs',
      },
      t,
    );
    assert.equal(sent.values.title, 'Theirs');
    assert.deepEqual(
      sent.errors.map((e) => e.field),
      ['_keep-status'],
    );
  });
});

describe('the hidden copy a form was opened with', () => {
  test('keeps only declared fields of the right shape', () => {
    const sent = activity.read(
      {
        _base: JSON.stringify({
          title: 'Handbook',
          lines: ['1.1.3', { code: '2.1' }],
          releasedToObservers: 'yes',
          indicators: [{ name: 'Copies', target: 500 }],
          extra: 'dropped',
        }),
      },
      t,
    );
    assert.deepEqual(sent.base, activity.initial({ title: 'Handbook' }));
  });

  test('an unreadable copy is no copy', () => {
    assert.equal(activity.read({ _base: '{not json' }, t).base, undefined);
    assert.equal(activity.read({ _base: '[1,2]' }, t).base, undefined);
  });
});

describe('bound fields', () => {
  const state: FormState<typeof activity.fields> = {
    ...activity.opened(stored, 3),
    errors: [{ field: 'title', message: 'Enter a title.' }],
  };
  const f = bindForm(activity, ctx, state, {
    choices: { lines: [{ value: '1.1.3', label: '1.1.3 Joint training', group: 'Area 1' }] },
  });

  test('the form carries the token, the version, the base and every error', () => {
    const html = f.Form({ action: '/save', children: f.Text({ name: 'title' }) }).value;
    assert.match(html, /<input type="hidden" name="_csrf" value="token-1">/);
    assert.match(html, /<input type="hidden" name="version" value="3">/);
    assert.match(html, /name="_base" value="\{&quot;title&quot;:&quot;Handbook&quot;/);
    assert.match(html, /<a class="ecl-link" href="#field-title">Enter a title\.<\/a>/);
    assert.match(
      html,
      /<input type="text" id="field-title" name="title" class="ecl-text-input ecl-text-input--l ecl-text-input--invalid" value="Handbook" required maxlength="200" aria-invalid="true" aria-describedby="error-title">/,
    );
  });

  test('a flag is ECL’s single checkbox with its drawn box', () => {
    const html = f.Checkbox({ name: 'releasedToObservers' }).value;
    assert.match(html, /class="ecl-checkbox ecl-checkbox--single"/);
    assert.match(html, /value="yes" id="field-releasedToObservers" checked/);
    assert.match(html, /<span class="ecl-checkbox__box">/);
  });

  test('a picker is a grouped list of checkboxes with a search box kept for scripts', () => {
    const html = f.Picker({ name: 'lines' }).value;
    assert.match(html, /<fieldset class="ecl-form-group ecl-u-mb-l jh-picker" id="field-lines"/);
    assert.match(html, /<div class="jh-picker__search" hidden data-picker-search>/);
    assert.match(
      html,
      /<p class="ecl-u-type-paragraph ecl-u-type-bold ecl-u-mt-s ecl-u-mb-xs">Area 1<\/p>/,
    );
    assert.match(html, /id="field-lines-0" checked/);
  });

  test('the merge view names fields by label and values in words, with a choice per field', () => {
    const merged: FormState<typeof activity.fields> = {
      values: { ...stored, title: 'Mine' },
      errors: [],
      version: 4,
      base: { ...stored, title: 'Theirs', status: 'ongoing' },
      conflicts: [
        { name: 'title', theirs: 'Theirs', mine: 'Mine', choose: true },
        { name: 'status', theirs: 'ongoing', mine: 'planned', choose: false },
      ],
    };
    const bound = bindForm(activity, ctx, merged);
    const html = bound.Form({ action: '/save' }).value;
    assert.match(html, /<input type="hidden" name="_conflicts" value="title">/);
    assert.match(
      html,
      /<div class="jh-merge__field jh-merge__conflict"><h2 class="jh-merge__label">Title<\/h2>/,
    );
    assert.match(html, /<div class="jh-merge__field"><h2 class="jh-merge__label">Status<\/h2>/);
    assert.match(html, /<dt>Their version<\/dt><dd>Ongoing<\/dd>/);
    assert.match(html, /<dt>Your version<\/dt><dd>Mine<\/dd>/);
    assert.doesNotMatch(html, /<table/);
    assert.match(html, /name="_keep-title" class="ecl-radio__input" type="radio" value="theirs">/);
    assert.doesNotMatch(html, /_keep-status/);
  });
});

describe('a form post', () => {
  const shown: { state?: FormState<typeof activity.fields>; status?: number } = {};
  const show = (state: FormState<typeof activity.fields>, status: number) => {
    shown.state = state;
    shown.status = status;
    return {} as FastifyReply;
  };
  const body = { title: 'Mine', status: 'planned', version: '3', _base: JSON.stringify(stored) };

  test('redirects with 303 after the write', async () => {
    const { reply, sent } = fakeReply();
    let written: unknown;
    await submitForm(reply, {
      form: activity,
      body,
      t,
      write: (values, version) => {
        written = [values.title, version];
        return Promise.resolve('id-1');
      },
      show,
      done: (id) => `/things/${id}`,
    });
    assert.deepEqual(written, ['Mine', 3]);
    assert.deepEqual(sent, { target: '/things/id-1', status: 303 });
  });

  test('answers 400 with the service’s errors under the form’s names', async () => {
    await submitForm(fakeReply().reply, {
      form: activity,
      body,
      t,
      write: () =>
        Promise.reject(
          new ValidationError([
            { field: 'start', message: 'Enter a start.' },
            { field: 'indicators[0].name', message: 'Name it.' },
          ]),
        ),
      show,
      done: '/',
    });
    assert.equal(shown.status, 400);
    assert.deepEqual(
      shown.state?.errors.map((e) => e.field),
      ['plannedStart', 'indicatorName0'],
    );
  });

  test('answers 409 with the merged values, on the stored version and base', async () => {
    const theirs = { ...stored, status: 'ongoing' };
    await submitForm(fakeReply().reply, {
      form: activity,
      body,
      t,
      write: () => Promise.reject(new StaleVersionError(4)),
      current: () => Promise.resolve({ values: theirs, version: 4 }),
      show,
      done: '/',
    });
    const merged = shown.state;
    assert.ok(merged);
    assert.equal(shown.status, 409);
    assert.equal(merged.version, 4);
    assert.deepEqual(merged.base, theirs);
    assert.equal(merged.values.title, 'Mine');
    assert.equal(merged.values.status, 'ongoing');
  });

  test('shows another coded refusal on the form, and throws a 404 on', async () => {
    await submitForm(fakeReply().reply, {
      form: activity,
      body,
      t,
      write: () => Promise.reject(new ConflictError('The meeting is closed.')),
      show,
      done: '/',
    });
    assert.equal(shown.status, 409);
    assert.equal(shown.state?.errors[0]?.message, 'The meeting is closed.');
    await assert.rejects(
      submitForm(fakeReply().reply, {
        form: activity,
        body,
        t,
        write: () => Promise.reject(new NotFoundError()),
        show,
        done: '/',
      }),
      NotFoundError,
    );
  });
});

describe('secrets and single choices', () => {
  const account = defineForm({
    fields: {
      organisationId: choice({ label: 'users.organisation' }),
      password: text({
        label: 'password.change.new',
        hint: 'password.change.newHint',
        hintParams: { min: 12, max: 200 },
      }),
    },
  });
  const sent = account.read({ organisationId: 'b', password: 'typed secret' }, t);
  const f = bindForm(account, ctx, sent, {
    choices: {
      organisationId: [
        { value: 'a', label: 'CEPOL', group: 'Member agencies' },
        { value: 'b', label: 'EUAA', group: 'Member agencies' },
        { value: 'c', label: 'COSI', group: 'Partners' },
      ],
    },
  });

  test('a password is never written back into the page, and its hint has its numbers', () => {
    const html = f.Text({ name: 'password', type: 'password' }).value;
    assert.doesNotMatch(html, /typed secret/);
    assert.doesNotMatch(html, /value=/);
    assert.match(html, /From 12 to 200 characters/);
  });

  test('a picker for one choice is a grouped list of radios, the chosen one checked', () => {
    const html = f.Picker({ name: 'organisationId' }).value;
    assert.equal([...html.matchAll(/type="radio"/g)].length, 3);
    assert.doesNotMatch(html, /type="checkbox"/);
    assert.match(
      html,
      /name="organisationId" class="ecl-radio__input" type="radio" value="b" checked/,
    );
    assert.match(html, /<span class="ecl-radio__box"><span class="ecl-radio__box-inner"><\/span>/);
    assert.match(html, />Partners<\/p>/);
  });

  test('a result shown once is answered in place of the redirect', async () => {
    const { reply, sent: redirected } = fakeReply();
    const answered = {} as FastifyReply;
    const result = await submitForm(reply, {
      form: account,
      body: { organisationId: 'a', password: '' },
      t,
      write: () => Promise.resolve('generated secret'),
      show: () => reply,
      answer: (secret) => (secret === 'generated secret' ? answered : null),
      done: '/next',
    });
    assert.equal(result, answered);
    assert.deepEqual(redirected, {}, 'no redirect carries the secret');
  });
});
