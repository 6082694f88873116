import type { MessageView } from '../../conversations/message-codec.ts';
import { html, type SafeHtml } from '../html.ts';

const AUTHOR_LABELS: Record<MessageView['author'], string> = {
  bot: 'Assistant Vigie',
  citizen: 'Vous',
  agent: 'Policier ou gendarme',
  system: 'Information',
};

const TIME_FORMAT = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});

/** "12 mars à 14:05", in Paris time whatever the server's zone. */
export function formatMessageTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : TIME_FORMAT.format(date);
}

/** One message of the log; `isAnchor` makes it the target of the `#dernier-message` anchor. */
export function renderMessage(message: MessageView, isAnchor: boolean): SafeHtml {
  const label = AUTHOR_LABELS[message.author] ?? 'Message';
  return html`<li class="vigie-message vigie-message--${message.author}" data-seq="${message.seq}"${
    isAnchor ? html` id="dernier-message" tabindex="-1"` : null
  }><span class="vigie-message__auteur">${label}<span class="fr-sr-only"> :</span> <time datetime="${message.at}">${formatMessageTime(message.at)}</time></span><p class="vigie-message__texte">${message.text}</p></li>`;
}

/** The options of the bot's pending question, as submit buttons of a form (works without JS). */
export function renderOptions(message: MessageView | undefined, action: string): SafeHtml | null {
  if (message?.author !== 'bot' || !message.options?.length) return null;
  return html`<form method="post" action="${action}" class="vigie-options" id="form-options">
  <fieldset>
    <legend>Réponses proposées</legend>
    <div class="vigie-options__boutons">
      ${message.options.map(
        (option) =>
          html`<button type="submit" class="fr-btn fr-btn--secondary" name="option" value="${option.value}">${option.label}</button>`,
      )}
    </div>
  </fieldset>
</form>`;
}
