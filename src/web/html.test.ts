import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, html, joinHtml, SafeHtml, safeUrl, unsafeRaw } from './html.ts';

test('html escapes interpolated text in element content', () => {
  const hostile = '<script>alert(1)</script>';
  const out = html`<p>${hostile}</p>`.value;
  assert.equal(out, '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  assert.ok(!out.includes('<script>'));
});

test('html escapes quotes so a value cannot leave its attribute', () => {
  const hostile = `" onmouseover="alert(1)' x='`;
  const out = html`<input value="${hostile}">`.value;
  assert.equal(out, '<input value="&quot; onmouseover=&quot;alert(1)&#39; x=&#39;">');
  assert.equal(out.split('"').length, 3, 'only the two quotes of the template remain');
});

test('html neutralises javascript: and data: URLs in href, src and action', () => {
  for (const url of [
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,x',
  ]) {
    assert.equal(html`<a href="${url}">x</a>`.value, '<a href="#">x</a>', url);
    assert.equal(html`<img src="${url}" alt="">`.value, '<img src="#" alt="">', url);
    assert.equal(html`<form action='${url}'></form>`.value, `<form action='#'></form>`, url);
  }
});

test('html keeps ordinary URLs and escapes them', () => {
  assert.equal(html`<a href="${'/suivi?a=1&b=2'}">x</a>`.value, '<a href="/suivi?a=1&amp;b=2">x</a>');
  assert.equal(html`<a href="${'tel:17'}">17</a>`.value, '<a href="tel:17">17</a>');
  assert.equal(
    html`<a href="${'https://www.internet-signalement.gouv.fr'}">x</a>`.value.includes('https://'),
    true,
  );
});

test('safeUrl refuses protocol-relative and unknown schemes', () => {
  assert.equal(safeUrl('//evil.example'), '#');
  assert.equal(safeUrl('/\\evil.example'), '#');
  assert.equal(safeUrl('vbscript:msgbox(1)'), '#');
  assert.equal(safeUrl('#dernier-message'), '#dernier-message');
  assert.equal(safeUrl('sms:114'), 'sms:114');
});

test('html rejects an unquoted attribute interpolation', () => {
  assert.throws(() => html`<input value=${'x onfocus=alert(1)'}>`, /guillemets/);
});

test('html renders numbers, joins arrays and drops null, undefined and booleans', () => {
  const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
  const out = html`<ol>${items}</ol>${null}${undefined}${false}${true}${42}`.value;
  assert.equal(out, '<ol><li>a&lt;b</li><li>c</li></ol>42');
});

test('nested fragments are not escaped twice, raw strings in arrays still are', () => {
  const inner = html`<b>${'&'}</b>`;
  assert.equal(html`<p>${inner}</p>`.value, '<p><b>&amp;</b></p>');
  assert.equal(html`<p>${['<i>', inner]}</p>`.value, '<p>&lt;i&gt;<b>&amp;</b></p>');
});

test('html refuses objects that are not fragments', () => {
  assert.throws(() => html`<p>${{ toString: () => '<b>' } as unknown as string}</p>`, TypeError);
});

test('escapeHtml, unsafeRaw and joinHtml', () => {
  assert.equal(escapeHtml(`&<>"'\``), '&amp;&lt;&gt;&quot;&#39;&#96;');
  assert.ok(unsafeRaw('<br>') instanceof SafeHtml);
  assert.equal(joinHtml(['<', html`<br>`], unsafeRaw(' ')).value, '&lt; <br>');
  assert.equal(String(html`<p></p>`), '<p></p>');
});
