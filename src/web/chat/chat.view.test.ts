import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConversationView } from '../../conversations/get-conversation.ts';
import type { MessageView } from '../../conversations/message-codec.ts';
import { findMarkupProblems } from '../test-support/web-test-app.ts';
import { renderChatPage } from './chat.view.ts';
import { renderReceiptPage } from './receipt.page.ts';

const uploads = { maxBytes: 15 * 1024 * 1024, maxFiles: 10 };

function view(overrides: Partial<ConversationView> = {}): ConversationView {
  return {
    id: '0b6f7c1e-3f43-4a55-9d4b-5e2f4c8a9b10',
    status: 'open',
    category: null,
    scope: 'conversation',
    canSubmit: false,
    receiptReady: false,
    closedByOfficer: false,
    attachments: [],
    messages: [
      { id: 'a', seq: 1, author: 'bot', text: 'Bonjour.', at: '2025-03-12T13:05:00.000Z' },
      {
        id: 'b',
        seq: 2,
        author: 'citizen',
        text: '<script>alert(1)</script> "quote"',
        at: '2025-03-12T13:06:00.000Z',
      },
      {
        id: 'c',
        seq: 3,
        author: 'bot',
        text: 'Où ?',
        at: '2025-03-12T13:06:01.000Z',
        options: [
          { value: 'hall', label: 'Hall d’immeuble' },
          { value: '"><img src=x>', label: '<b>piège</b>' },
        ],
      },
    ],
    ...overrides,
  };
}

test('the chat renders an ordered, live log with hostile text inert', () => {
  const body = renderChatPage({ mode: 'signaler', view: view(), uploads });
  assert.deepEqual(findMarkupProblems(body), []);
  assert.match(
    body,
    /<div role="log" aria-live="polite" aria-label="Conversation">\s*<ol class="vigie-journal" id="journal">/,
  );
  assert.match(body, /data-conversation-id="0b6f7c1e-3f43-4a55-9d4b-5e2f4c8a9b10"/);
  assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quote&quot;'));
  assert.ok(!body.includes('<script>alert'));
  assert.ok(!body.includes('<img src=x>'));
  assert.match(
    body,
    /<li class="vigie-message vigie-message--bot" data-seq="3" id="dernier-message" tabindex="-1">/,
  );
  assert.match(body, /<time datetime="2025-03-12T13:05:00.000Z">12 mars à 14:05<\/time>/);
  assert.match(body, /<script src="\/assets\/chat\.js\?v=[0-9a-f]+" defer><\/script>/);
  assert.match(body, /<meta name="robots" content="noindex, nofollow">/);
});

test('the pending options are submit buttons of a form posting to the message route', () => {
  const body = renderChatPage({ mode: 'signaler', view: view(), uploads });
  assert.match(body, /<form method="post" action="\/signaler\/message" class="vigie-options"/);
  assert.match(
    body,
    /<button type="submit" class="fr-btn fr-btn--secondary" name="option" value="hall">Hall d’immeuble<\/button>/,
  );
  assert.ok(body.includes('value="&quot;&gt;&lt;img src=x&gt;">&lt;b&gt;piège&lt;/b&gt;</button>'));
  const answered = view();
  answered.messages.push({
    id: 'd',
    seq: 4,
    author: 'citizen',
    text: 'Hall',
    at: '2025-03-12T13:07:00.000Z',
  });
  assert.doesNotMatch(renderChatPage({ mode: 'signaler', view: answered, uploads }), /name="option"/);
});

test('"Transmettre" is hidden until the flow allows it, and absent once submitted', () => {
  assert.match(
    renderChatPage({ mode: 'signaler', view: view(), uploads }),
    /id="bloc-transmettre"[^>]* hidden>/,
  );
  const ready = renderChatPage({ mode: 'signaler', view: view({ canSubmit: true }), uploads });
  assert.match(ready, /id="bloc-transmettre" aria-labelledby="titre-transmettre">/);
  assert.match(ready, /Terminer et effacer/);
  const submitted = renderChatPage({
    mode: 'suivi',
    view: view({ status: 'submitted', reportStatus: { code: 'en_cours', label: 'En cours de traitement' } }),
    uploads,
  });
  assert.doesNotMatch(submitted, /bloc-transmettre|name="option"/);
  assert.match(submitted, /État de votre signalement&nbsp;: En cours de traitement/);
  assert.match(submitted, /action="\/suivi\/message"/);
  assert.match(submitted, /Fermer le suivi/);
});

test('a follow-up opened with the receipt says what it is, and that the original account is not shown', () => {
  const question = {
    id: 'q',
    seq: 12,
    author: 'agent' as const,
    text: 'À quelle heure ?',
    at: '2025-03-13T09:00:00.000Z',
  };
  const page = (messages: MessageView[]) =>
    renderChatPage({
      mode: 'suivi',
      view: view({
        status: 'submitted',
        scope: 'followup',
        messages,
        reportStatus: { code: 'recu', label: 'Reçu' },
      }),
      uploads,
    });
  const empty = page([]);
  assert.deepEqual(findMarkupProblems(empty), []);
  assert.match(empty, /<h1>Suivi de votre signalement<\/h1>/);
  assert.match(empty, /État de votre signalement&nbsp;: Reçu/);
  assert.match(empty, /Questions des enquêteurs et vos réponses/);
  assert.match(empty, /n’est pas affiché ici/);
  assert.match(empty, /id="journal-vide"/);
  assert.match(empty, /action="\/suivi\/message"/);
  assert.match(empty, /Fermer le suivi/);
  assert.doesNotMatch(empty, /vigie-pieces|bloc-transmettre/);
  const asked = page([question]);
  assert.doesNotMatch(asked, /id="journal-vide"/);
  assert.match(asked, /data-seq="12" id="dernier-message"/);
  assert.match(asked, /Policier ou gendarme/);
});

test('an error is announced and the unsent text is kept in the textarea', () => {
  const body = renderChatPage({
    mode: 'signaler',
    view: view(),
    uploads,
    error: 'Trop long',
    draft: 'mon <texte>',
  });
  assert.match(body, /<div class="fr-alert fr-alert--error fr-mb-3w" role="alert">\s*<p>Trop long<\/p>/);
  assert.match(body, />mon &lt;texte&gt;<\/textarea>/);
});

test('the photo form disappears once the maximum is reached', () => {
  const full = view({ attachments: [{ id: 'p', mime: 'image/jpeg', bytes: 2048 }] });
  const body = renderChatPage({ mode: 'signaler', view: full, uploads: { ...uploads, maxFiles: 1 } });
  assert.match(body, /Photo 1 \(JPEG, 2&nbsp;Ko\)/);
  assert.doesNotMatch(body, /type="file"/);
});

test('the receipt page shows the receipt once, spaced, with the confirmation form and no inline code', () => {
  const body = renderReceiptPage({ receipt: '7K3M-Q9TX-2HBD-W4NR', receiptDays: 365 });
  assert.deepEqual(findMarkupProblems(body), []);
  assert.match(
    body,
    /<p class="vigie-recepisse" id="recepisse" data-recepisse="7K3M-Q9TX-2HBD-W4NR" aria-hidden="true">7K3M Q9TX 2HBD W4NR<\/p>/,
  );
  assert.match(body, /Récépissé&nbsp;: 7 K 3 M, Q 9 T X, 2 H B D, W 4 N R\./);
  assert.match(body, /<input type="checkbox" id="recepisse-note" name="note" value="oui" required>/);
  assert.match(body, /action="\/signaler\/recepisse-note"/);
  assert.doesNotMatch(body, /href="[^"]*7K3M/);
});

/** A message of the log; only what a test looks at varies. */
function message(
  seq: number,
  author: MessageView['author'],
  text: string,
  extra: Partial<MessageView> = {},
): MessageView {
  return { id: `m${seq}`, seq, author, text, at: '2025-03-12T13:05:00.000Z', ...extra };
}

/** The chat page of a conversation holding these messages. */
function pageWith(messages: MessageView[]): string {
  return renderChatPage({ mode: 'signaler', view: view({ messages }), uploads });
}

test('the page opens at the first reply after the person’s last message, not at the last reply', () => {
  const body = pageWith([
    ...view().messages,
    message(4, 'citizen', 'mon mari me frappe'),
    message(5, 'bot', 'Appelez le 17.'),
    message(6, 'bot', 'Êtes-vous en sécurité ?'),
  ]);
  assert.match(body, /data-seq="5" id="dernier-message"/);
  assert.equal(body.match(/id="dernier-message"/g)?.length, 1);
});

test('where several answers fit, the options are checkboxes and the ones chosen alone stay buttons', () => {
  const body = pageWith([
    message(1, 'bot', "Qu'avez-vous vu ?", {
      multiple: true,
      options: [
        { value: 'vente', label: 'De la vente' },
        { value: 'livraison', label: 'Des livraisons' },
        { value: 'skip', label: 'Je ne sais pas / passer', exclusive: true },
      ],
    }),
  ]);
  assert.deepEqual(findMarkupProblems(body), []);
  assert.match(body, /<input type="checkbox" id="choix-1-0" name="option" value="vente">/);
  assert.match(body, /<label class="fr-label" for="choix-1-1">Des livraisons<\/label>/);
  assert.match(
    body,
    /<button type="submit" class="fr-btn" name="valider" value="1">Valider mes choix<\/button>/,
  );
  assert.match(body, /name="controle" value="skip">Je ne sais pas \/ passer<\/button>/);
  assert.doesNotMatch(body, /type="checkbox"[^>]*value="skip"/);
});

test('a message’s list (the summary) is a real list from its data; bullet lines in text never are', () => {
  const body = pageWith([
    message(
      1,
      'bot',
      "Voici ce que j'ai compris :\n• Commune : Besançon\n• Quand : <b>hier</b>\nEst-ce correct ?",
      {
        list: {
          before: "Voici ce que j'ai compris :",
          items: ['Commune : Besançon', 'Quand : <b>hier</b>'],
          after: 'Est-ce correct ?',
        },
      },
    ),
    message(2, 'citizen', 'voilà\n• Commune : Paris\n- Plaque : AA-000-AA'),
  ]);
  assert.deepEqual(findMarkupProblems(body), []);
  assert.match(
    body,
    /<div class="vigie-message__texte"><p>Voici ce que j&#39;ai compris :<\/p><ul><li>Commune : Besançon<\/li><li>Quand : &lt;b&gt;hier&lt;\/b&gt;<\/li><\/ul><p>Est-ce correct \?<\/p><\/div>/,
  );
  // The person's own bullets stay their text, one paragraph whose line breaks CSS keeps.
  assert.match(body, /<p class="vigie-message__texte">voilà\n• Commune : Paris\n- Plaque : AA-000-AA<\/p>/);
  const journal = body.slice(body.indexOf('<ol class="vigie-journal"'), body.indexOf('</ol>'));
  assert.equal(journal.match(/<li>/g)?.length, 2);
});

test('in what Vigie says, emergency numbers are links; in what the person writes, or in dates, they are not', () => {
  const body = pageWith([
    message(
      1,
      'bot',
      'Appelez le 17 ou le 112, ou envoyez un SMS au 114. Le 3919 écoute. Rendez-vous le 17 mars à 17h.',
    ),
    message(2, 'citizen', 'j’ai appelé le 17 hier'),
    message(
      3,
      'bot',
      'Voici :\n• Votre récit : « au 17 rue Delacroix, appelez le 17 »\n• Quand : le 17/03\nEst-ce correct ?',
      {
        list: {
          before: 'Voici :',
          items: ['Votre récit : « au 17 rue Delacroix, appelez le 17 »', 'Quand : le 17/03'],
          after: 'Est-ce correct ?',
        },
      },
    ),
    message(4, 'agent', 'Nous passerons au 112 avenue Foch, appelez le 17 si besoin.'),
  ]);
  assert.deepEqual(findMarkupProblems(body), []);
  assert.match(
    body,
    /Appelez le <a href="tel:17">17<\/a> ou le <a href="tel:112">112<\/a>, ou envoyez un SMS au <a href="sms:114">114<\/a>\. Le <a href="tel:3919">3919<\/a> écoute\. Rendez-vous le 17 mars à 17h\./,
  );
  assert.match(body, /j’ai appelé le 17 hier/);
  // Never in the summary's lines (they quote the person) nor in an officer's free text.
  assert.match(
    body,
    /<li>Votre récit : « au 17 rue Delacroix, appelez le 17 »<\/li><li>Quand : le 17\/03<\/li>/,
  );
  assert.match(body, /Nous passerons au 112 avenue Foch, appelez le 17 si besoin\./);
  const journal = body.slice(body.indexOf('<ol class="vigie-journal"'), body.indexOf('</ol>'));
  assert.equal(journal.match(/href="tel:17"/g)?.length, 1);
});

test('options of a group are folded under their heading, where the first of them comes', () => {
  const group = 'Corriger ou retirer un élément';
  const body = pageWith([
    message(1, 'bot', 'Est-ce correct ?', {
      options: [
        { value: 'confirm', label: "C'est correct" },
        { value: 'correct:commune', label: 'Corriger : Commune', group },
        { value: 'correct:quand', label: 'Corriger : <Quand>', group },
        { value: 'add', label: 'Ajouter une précision' },
      ],
    }),
  ]);
  assert.deepEqual(findMarkupProblems(body), []);
  assert.match(
    body,
    /value="confirm">C&#39;est correct<\/button>\s*<details class="vigie-options__groupe">\s*<summary>Corriger ou retirer un élément \(2\)<\/summary>\s*<div class="vigie-options__boutons"><button[^>]*value="correct:commune">Corriger : Commune<\/button><button[^>]*value="correct:quand">Corriger : &lt;Quand&gt;<\/button><\/div>\s*<\/details>\s*<button[^>]*value="add">/,
  );
});

test('the hint under the message field is the flow’s: a witness describes, a victim writes what she wants', () => {
  const hint = (category: ConversationView['category']) =>
    /id="texte-aide">([^<]*)</.exec(
      renderChatPage({ mode: 'signaler', view: view({ category }), uploads }),
    )?.[1];
  assert.match(hint('stupefiants') ?? '', /^Décrivez ce que vous avez vu/);
  assert.match(hint('violences_intrafamiliales') ?? '', /^Écrivez ce que vous souhaitez, avec vos mots/);
  assert.match(hint(null) ?? '', /^Écrivez votre message\./);
});

test('in the live chat an officer signs "Policier de la plateforme"; after transmission, "Policier ou gendarme"', () => {
  const agent = (seq: number, text: string) => ({
    id: `a${seq}`,
    seq,
    author: 'agent' as const,
    text,
    at: '2025-03-13T09:00:00.000Z',
  });
  const live = renderChatPage({
    mode: 'signaler',
    view: view({ status: 'with_agent', messages: [agent(3, 'Bonjour, je vous écoute.')] }),
    uploads,
  });
  assert.deepEqual(findMarkupProblems(live), []);
  assert.match(live, /Policier de la plateforme/);
  assert.doesNotMatch(live, /Policier ou gendarme/);
  assert.match(live, /id="form-message"/);
  assert.match(live, /id="bloc-transmettre"/);
  assert.match(live, /Terminer et effacer/);
  const transmitted = renderChatPage({
    mode: 'signaler',
    view: view({
      status: 'submitted',
      messages: [
        agent(3, 'Bonjour, je vous écoute.'),
        { id: 's', seq: 4, author: 'system', text: 'Transmis.', at: '2025-03-13T09:01:00.000Z' },
        agent(5, 'À quelle heure ?'),
      ],
    }),
    uploads,
  });
  const labels = [...transmitted.matchAll(/auteur">Policier (de la plateforme|ou gendarme)/g)].map(
    (m) => m[1],
  );
  assert.deepEqual(labels, ['de la plateforme', 'ou gendarme']);
  assert.match(transmitted, /data-agent-label="Policier ou gendarme"/);
});
