import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import {
  Fragment,
  type Attributes,
  type Component,
  escapeHtml,
  h,
  raw,
  renderDocument,
} from './jsx.js';

describe('JSX runtime', () => {
  test('escapes text children', () => {
    const html = h('p', null, '<script>alert("x")</script> & \'more\'');
    assert.equal(
      html.value,
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;</p>',
    );
  });

  test('texts with and without characters to escape, in turns, are each escaped', () => {
    for (let turn = 0; turn < 3; turn++) {
      assert.equal(escapeHtml('plain'), 'plain');
      assert.equal(escapeHtml('a<b'), 'a&lt;b');
      assert.equal(escapeHtml('"q"'), '&quot;q&quot;');
    }
  });

  test('a long list of nested elements renders whole and in order', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) =>
      h('tr', { 'data-row': i }, h('td', null, `<${String(i)}>`)),
    );
    const html = h('table', null, h('tbody', null, rows)).value;
    assert.ok(html.startsWith('<table><tbody><tr data-row="0"><td>&lt;0&gt;</td></tr>'));
    assert.ok(html.endsWith('<tr data-row="4999"><td>&lt;4999&gt;</td></tr></tbody></table>'));
    assert.equal(html.split('<tr ').length - 1, 5_000);
  });

  test('escapes attribute values so they cannot break out of the quotes', () => {
    const html = h('a', { href: '/x?a=1&b="2"', title: "it's <b>" }, 'link');
    assert.equal(
      html.value,
      '<a href="/x?a=1&amp;b=&quot;2&quot;" title="it&#39;s &lt;b&gt;">link</a>',
    );
  });

  test('raw markup and rendered elements pass through unescaped', () => {
    const inner = h('em', null, 'a & b');
    assert.equal(
      h('p', null, raw('<strong>ok</strong>'), ' ', inner).value,
      '<p><strong>ok</strong> <em>a &amp; b</em></p>',
    );
  });

  test('void elements have no closing tag and drop children', () => {
    assert.equal(h('br', null).value, '<br>');
    assert.equal(
      h('input', { type: 'text', name: 'q', value: 'a"b' }).value,
      '<input type="text" name="q" value="a&quot;b">',
    );
    assert.equal(
      h('img', { src: '/a.png', alt: '' }, 'ignored').value,
      '<img src="/a.png" alt="">',
    );
  });

  test('boolean attributes: true renders the bare name, false/null/undefined render nothing', () => {
    assert.equal(
      h('input', { required: true, disabled: false, readonly: null, hidden: undefined }).value,
      '<input required>',
    );
    assert.equal(
      h('option', { value: 0, selected: true }, 'zero').value,
      '<option value="0" selected>zero</option>',
    );
  });

  test('className and htmlFor become class and for', () => {
    assert.equal(
      h('label', { className: 'ecl-form-label', htmlFor: 'email' }, 'E-mail').value,
      '<label class="ecl-form-label" for="email">E-mail</label>',
    );
  });

  test('nested arrays render in order; null, undefined and booleans render nothing', () => {
    const html = h('ul', null, [
      ['a', 'b'].map((x) => h('li', null, x)),
      null,
      undefined,
      false,
      true,
      0,
    ]);
    assert.equal(html.value, '<ul><li>a</li><li>b</li>0</ul>');
  });

  test('components receive their props and children', () => {
    const Box: Component<Attributes> = (props) =>
      h('section', { 'aria-label': props.title }, props.children);
    assert.equal(
      h(Box, { title: 'T & C' }, 'body <x>').value,
      '<section aria-label="T &amp; C">body &lt;x&gt;</section>',
    );
    assert.equal(h(Fragment, null, h('b', null, '1'), '<2>').value, '<b>1</b>&lt;2&gt;');
  });

  test('escapeHtml and renderDocument', () => {
    assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
    assert.equal(renderDocument(h('html', { lang: 'en' })).slice(0, 15), '<!DOCTYPE html>');
    assert.equal(String(raw('<b>x</b>')), '<b>x</b>');
  });
});
