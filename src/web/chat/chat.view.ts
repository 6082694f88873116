import { citizenCanWrite, isChatting } from '../../conversations/conversation-status.ts';
import { inputHintOf, isCategory } from '../../conversations/engine/index.ts';
import type { ConversationView } from '../../conversations/get-conversation.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderPage } from '../layout.ts';
import { errorAlert } from '../pages/components.ts';
import { PLATFORM_OFFICER_LABEL, renderMessage, renderOptions } from './message.view.ts';

/** The two places the chat appears: a new report, or the follow-up of a transmitted one. */
export type ChatMode = 'signaler' | 'suivi';

export interface ChatPageOptions {
  mode: ChatMode;
  view: ConversationView;
  /** A French message to show in an alert (a failed action). */
  error?: string;
  /** The id of the field the error is about (`texte`, `photo`…), linked from the alert. */
  errorField?: string;
  /** Text the person typed, kept when sending failed so nothing is lost. */
  draft?: string;
  uploads: { maxBytes: number; maxFiles: number };
}

const STATUS_EXPLANATIONS: Record<string, string> = {
  recu: 'Votre signalement a bien été reçu par le service compétent. Il n’a pas encore été ouvert par un enquêteur.',
  en_cours:
    'Des policiers ou des gendarmes étudient votre signalement. Ils peuvent vous poser des questions ici : revenez de temps en temps.',
  traite:
    'Votre signalement a été traité. Pour votre sécurité et celle des enquêtes, les suites données ne sont pas détaillées.',
};

/** Where the person stands while in line for an officer, or that one is answering. */
function liveChatBlock(view: ConversationView): SafeHtml | null {
  if (view.status === 'with_agent') {
    return html`<div class="vigie-statut"><p class="fr-mb-0"><strong>Un policier de la plateforme vous répond.</strong> Écrivez-lui ici.</p></div>`;
  }
  if (!view.queue) return null;
  const told =
    view.queue.operatorsOnline && view.queue.position > 0
      ? `Vous êtes en file d’attente pour parler à un policier : position ${view.queue.position}.`
      : 'Aucun policier n’est disponible pour le moment : vous restez en file d’attente, ou vous pouvez transmettre votre signalement avec un récépissé.';
  return html`<div class="vigie-statut"><p class="fr-mb-0">${told}</p></div>`;
}

function statusBlock(view: ConversationView): SafeHtml | null {
  if (!view.reportStatus) return liveChatBlock(view);
  return html`<div class="vigie-statut">
  <h2 class="fr-h5 fr-mb-1w">État de votre signalement&nbsp;: ${view.reportStatus.label}</h2>
  <p class="fr-mb-0">${STATUS_EXPLANATIONS[view.reportStatus.code] ?? ''}</p>
</div>`;
}

/** The hint under the message field: the flow's own (a witness describes, a victim says what she wants). */
function messageHint(category: string | null, followup: boolean): string {
  if (followup) return 'Répondez aux questions des policiers ou ajoutez des faits nouveaux.';
  const flowHint = category && isCategory(category) ? inputHintOf(category) : null;
  return flowHint ?? 'Écrivez votre message. Votre nom n’est pas demandé.';
}

function messageForm(base: string, draft: string | undefined, hint: string, invalid: boolean): SafeHtml {
  return html`<form method="post" action="${`${base}/message`}" class="vigie-saisie" id="form-message" autocomplete="off">
  <div class="fr-input-group">
    <label class="fr-label" for="texte">Votre message
      <span class="fr-hint-text" id="texte-aide">${hint}</span>
    </label>
    <textarea class="fr-input" id="texte" name="text" rows="4" maxlength="5000" aria-describedby="texte-aide"${
      invalid ? html` aria-invalid="true"` : null
    }>${draft ?? ''}</textarea>
  </div>
  <button type="submit" class="fr-btn">Envoyer</button>
  <p class="fr-error-text" id="chat-erreur" role="alert" hidden></p>
</form>`;
}

function photoForm(base: string, view: ConversationView, uploads: ChatPageOptions['uploads']): SafeHtml {
  const megabytes = Math.floor(uploads.maxBytes / (1024 * 1024));
  const full = view.attachments.length >= uploads.maxFiles;
  return html`<section class="vigie-bloc" aria-labelledby="titre-photos">
  <h2 class="fr-h5" id="titre-photos">Photos</h2>
  ${
    view.attachments.length
      ? html`<ul class="vigie-pieces">${view.attachments.map(
          (attachment, index) =>
            html`<li>Photo ${index + 1} (${attachment.mime.replace('image/', '').toUpperCase()}, ${Math.max(1, Math.round(attachment.bytes / 1024))}&nbsp;Ko)</li>`,
        )}</ul>`
      : null
  }
  ${
    full
      ? html`<p>Vous avez atteint le nombre maximal de photos (${uploads.maxFiles}).</p>`
      : html`<form method="post" action="${`${base}/photos`}" enctype="multipart/form-data">
    <div class="fr-upload-group">
      <label class="fr-label" for="photo">Ajouter une photo
        <span class="fr-hint-text">JPEG, PNG ou WebP, ${megabytes}&nbsp;Mo au maximum. La position GPS, la date et le modèle du téléphone sont supprimés. Ne prenez jamais de risque pour une photo.</span>
      </label>
      <input class="fr-upload" type="file" id="photo" name="file" accept="image/jpeg,image/png,image/webp">
    </div>
    <button type="submit" class="fr-btn fr-btn--secondary fr-mt-2w">Envoyer la photo</button>
  </form>`
  }
</section>`;
}

function submitBlock(view: ConversationView): SafeHtml | null {
  if (!isChatting(view.status)) return null;
  // Rendered hidden when not yet possible so the live script can reveal it without a reload.
  return html`<section class="vigie-bloc" id="bloc-transmettre" aria-labelledby="titre-transmettre"${view.canSubmit ? null : html` hidden`}>
  <h2 class="fr-h5" id="titre-transmettre">Transmettre</h2>
  <p>Quand vous avez décrit les faits, transmettez votre signalement. Vous recevrez un récépissé pour le suivre.</p>
  <form method="post" action="/signaler/transmettre">
    <button type="submit" class="fr-btn fr-btn--lg fr-btn--icon-left fr-icon-chat-check-line">Transmettre mon signalement</button>
  </form>
</section>`;
}

function endBlock(base: string, view: ConversationView): SafeHtml {
  const open = isChatting(view.status);
  return html`<section class="vigie-bloc" aria-labelledby="titre-terminer">
  <h2 class="fr-h5" id="titre-terminer">${open ? 'Terminer et effacer' : 'Fermer le suivi'}</h2>
  <p>${
    open
      ? 'Efface immédiatement et définitivement cette conversation et ses photos. Rien ne sera transmis.'
      : 'Ferme l’accès à cette conversation sur cet appareil. Votre signalement reste transmis : vous pourrez revenir avec votre récépissé.'
  }</p>
  <form method="post" action="${`${base}/effacer`}">
    ${
      open
        ? html`<div class="fr-checkbox-group fr-mb-2w">
      <input type="checkbox" id="confirmer-effacement" name="confirmer" value="oui" required>
      <label class="fr-label" for="confirmer-effacement">Oui, tout effacer&nbsp;: je ne transmets rien</label>
    </div>`
        : null
    }
    <button type="submit" class="fr-btn fr-btn--tertiary fr-btn--icon-left fr-icon-delete-bin-line">${open ? 'Terminer et effacer' : 'Fermer le suivi'}</button>
  </form>
</section>`;
}

/**
 * Where the page opens (`#dernier-message`): the first message after the person's last one, so that a
 * turn of several replies is read from its start (an emergency message comes first, before the question).
 */
function latestRepliesStart(messages: readonly { author: string }[]): number {
  const lastOwn = messages.findLastIndex((message) => message.author === 'citizen');
  return lastOwn + 1 < messages.length ? lastOwn + 1 : messages.length - 1;
}

/**
 * What a follow-up opened with the receipt says it is: the original account is not shown (it stays with
 * the police), only what happened since the report was transmitted.
 */
function followupIntro(view: ConversationView): SafeHtml {
  return html`<p class="vigie-lead">Pour votre sécurité, votre signalement tel que vous l’avez transmis n’est pas affiché ici&nbsp;:
il est entre les mains des forces de l’ordre. Vous trouvez ici son état, les questions des policiers ou gendarmes et
les réponses données depuis sa transmission.</p>${
    view.messages.length
      ? null
      : html`
<p id="journal-vide">Aucune question des enquêteurs pour l’instant. Revenez de temps en temps, ou ajoutez ci-dessous un fait nouveau.</p>`
  }`;
}

/**
 * How an officer's message at `index` is signed: "Policier de la plateforme" in the live chat, that is
 * before the submission's system message; after it (and in a follow-up opened with the receipt) the
 * default, "Policier ou gendarme", for the investigators' questions.
 */
function agentLabelAt(view: ConversationView, index: number): string | undefined {
  if (view.scope === 'followup') return undefined;
  const submittedAt =
    view.status === 'submitted' ? view.messages.findIndex((m) => m.author === 'system') : -1;
  return submittedAt === -1 || index < submittedAt ? PLATFORM_OFFICER_LABEL : undefined;
}

/**
 * "Actualiser la conversation", the way to see new replies without JavaScript: in `<noscript>`, so that it
 * is never drawn then hidden when the script starts (that moved the page below it). chat.js draws it
 * (the noscript's text, our own HTML) if its live stream closes for good.
 */
function refreshHint(base: string): SafeHtml {
  return html`<noscript id="actualiser"><p class="fr-text--sm" id="lien-actualiser"><a href="${`${base}/actualiser`}">Actualiser la conversation</a> pour voir les nouvelles réponses.</p></noscript>`;
}

/** The chat page: the message log, the pending options, the text form, photos, submit and erase. */
export function renderChatPage(options: ChatPageOptions): string {
  const { view, mode } = options;
  const base = `/${mode}`;
  const followup = view.scope === 'followup';
  const title = followup
    ? 'Suivi de votre signalement'
    : mode === 'suivi'
      ? 'Suivi de mon signalement'
      : 'Signaler des faits';
  const writable = citizenCanWrite(view.status);
  const last = view.messages.at(-1);
  const anchor = latestRepliesStart(view.messages);
  const main = html`<h1>${title}</h1>
${errorAlert(options.error, options.errorField)}
${statusBlock(view)}
<div class="vigie-chat" id="chat" data-conversation-id="${view.id}" data-agent-label="${agentLabelAt(view, view.messages.length) ?? 'Policier ou gendarme'}">
  ${
    followup
      ? html`<h2 class="fr-h5">Questions des enquêteurs et vos réponses</h2>
  ${followupIntro(view)}`
      : html`<h2 class="fr-sr-only">Conversation</h2>`
  }
  <div role="log" aria-live="polite" aria-label="${followup ? 'Questions et réponses' : 'Conversation'}">
    <ol class="vigie-journal" id="journal">
      ${view.messages.map((message, index) => renderMessage(message, index === anchor, agentLabelAt(view, index)))}
    </ol>
  </div>
  ${refreshHint(base)}
  ${
    writable
      ? html`<div id="zone-options">${isChatting(view.status) ? renderOptions(last, `${base}/message`) : null}</div>
  ${messageForm(base, options.draft, messageHint(view.category, view.status === 'submitted'), options.errorField === 'texte')}`
      : html`<p>Cette conversation est terminée.</p>`
  }
</div>
${writable ? photoForm(base, view, options.uploads) : null}
${submitBlock(view)}
${endBlock(base, view)}`;
  return renderPage({ title, main, scripts: ['chat.js'], noIndex: true });
}
