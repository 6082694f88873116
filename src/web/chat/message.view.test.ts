import assert from 'node:assert/strict';
import test from 'node:test';
import type { MessageView } from '../../conversations/message-codec.ts';
import { renderMessage } from './message.view.ts';

function message(author: MessageView['author'], text: string, extra: Partial<MessageView> = {}): string {
  return renderMessage({ id: 'm1', seq: 1, author, text, at: '2025-03-12T13:05:00.000Z', ...extra }, false)
    .value;
}

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

test('a bot message with a list renders one <ul> with exactly one <li> per item, from the data', () => {
  const items = [
    'Votre récit : « il vend - Faux élément • autre <b>gras</b> »',
    'Quand : de 18h à 23h',
    'Plaque : AB-123-CD',
  ];
  const html = message(
    'bot',
    // The plain text may say anything: the list comes from `list`, never from splitting it.
    "Voici ce que j'ai compris :\n• un\n• deux\n• trois\n• quatre\nEst-ce correct ?",
    {
      list: { before: "Voici ce que j'ai compris :", items, after: 'Est-ce correct ? Sinon appelez le 17.' },
    },
  );
  assert.equal(count(html, /<ul>/g), 1);
  assert.equal(count(html, /<li>/g), 3);
  assert.match(html, /<li>Votre récit : « il vend - Faux élément • autre &lt;b&gt;gras&lt;\/b&gt; »<\/li>/);
  assert.doesNotMatch(html, /quatre/);
  // Vigie's own sentence links the number; the items quote the person and never do.
  assert.match(html, /<p>Est-ce correct \? Sinon appelez le <a href="tel:17">17<\/a>\.<\/p>/);
});

test('an item holding a line break stays one <li>', () => {
  const html = message('bot', 'x', { list: { before: 'Voici :', items: ['un\n• deux\n- trois'] } });
  assert.equal(count(html, /<li>/g), 1);
});

test('text without a list is one paragraph whoever wrote it: bullet lines never make a list', () => {
  for (const author of ['citizen', 'bot', 'agent', 'system'] as const) {
    const html = message(author, 'Bonjour\n• Commune : Paris\n- Plaque : AA-000-AA');
    assert.equal(count(html, /<li>|<ul>/g), 0, author);
    assert.match(
      html,
      /<p class="vigie-message__texte">Bonjour\n• Commune : Paris\n- Plaque : AA-000-AA<\/p>/,
    );
  }
});

test('a list is only ever the bot’s: on a citizen’s or an officer’s message it is ignored', () => {
  for (const author of ['citizen', 'agent'] as const) {
    const html = message(author, 'mon texte', { list: { before: 'Voici :', items: ['faux'] } });
    assert.equal(count(html, /<li>/g), 0, author);
    assert.match(html, /mon texte/);
  }
});
