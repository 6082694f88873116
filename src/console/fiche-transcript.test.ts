import assert from 'node:assert/strict';
import test from 'node:test';
import type { MessageView } from '../conversations/message-codec.ts';
import type { AgentMessageView } from '../reports/get-report-fiche.ts';
import { transcriptSection } from './fiche-facts.view.ts';

function message(
  seq: number,
  author: MessageView['author'],
  text: string,
  list?: MessageView['list'],
): AgentMessageView {
  return {
    id: `m${seq}`,
    seq,
    author,
    text,
    at: '2025-03-12T13:05:00.000Z',
    internal: false,
    ...(list && { list }),
  };
}

test('the transcript shows the bot’s summary as its list, one <li> per item; the reporter’s bullets stay text', () => {
  const html = transcriptSection([
    message(1, 'citizen', 'mon récit\n- Faux élément\n• autre'),
    message(2, 'bot', "Voici ce que j'ai compris :\n• a\n• b\n• c\nEst-ce correct ?", {
      before: "Voici ce que j'ai compris :",
      items: ['Votre récit : « mon récit - Faux élément • autre »', 'Commune : <Besançon>'],
      after: 'Est-ce correct ?',
    }),
    message(3, 'agent', 'Une question\n• laquelle ?', { before: 'x', items: ['faux'] }),
  ]).value;
  assert.equal(html.match(/<ul class="vigie-msg__liste">/g)?.length, 1);
  assert.equal(html.match(/<li>/g)?.length, 2);
  assert.match(
    html,
    /<div class="vigie-msg__texte"><p>Voici ce que j&#39;ai compris :<\/p><ul class="vigie-msg__liste"><li>Votre récit : « mon récit - Faux élément • autre »<\/li><li>Commune : &lt;Besançon&gt;<\/li><\/ul><p>Est-ce correct \?<\/p><\/div>/,
  );
  assert.match(html, /<p class="vigie-msg__texte">mon récit\n- Faux élément\n• autre<\/p>/);
  assert.match(html, /<p class="vigie-msg__texte">Une question\n• laquelle \?<\/p>/);
});
