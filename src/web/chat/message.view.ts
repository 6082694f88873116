import type { MessageList, MessageOption, MessageView } from '../../conversations/message-codec.ts';
import { html, type SafeHtml } from '../html.ts';

const AUTHOR_LABELS: Record<MessageView['author'], string> = {
  bot: 'Assistant Vigie',
  citizen: 'Vous',
  agent: 'Policier ou gendarme',
  system: 'Information',
};

/**
 * An officer's message in the live chat, before transmission: always this, never a name or a number. After
 * transmission, the investigators' follow-up questions keep "Policier ou gendarme".
 */
export const PLATFORM_OFFICER_LABEL = 'Policier de la plateforme';

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

// The numbers in Vigie's own fixed sentences ("appelez le 17", "ou le 112", "un SMS au 114", "Le 3919",
// "le 119 est joignable") are one tap away on a phone. Exact phrases, so that no date, address or amount
// is ever taken for one; no lookbehind, which older Safari versions cannot parse in chat.js.
const EMERGENCY_NUMBER =
  /(?:[Aa]ppele[zr] le |ou le |SMS au |\b[Ll]e (?=3919\b)|\ble (?=119 est\b))(17|112|114|3919|119)\b/gu;

/** A piece of text whose emergency numbers are links (tel:, sms: for the 114); everything else escaped. */
function withNumberLinks(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(EMERGENCY_NUMBER)) {
    const number = match[1] as string;
    const at = match.index + match[0].length - number.length;
    const scheme = number === '114' ? 'sms' : 'tel';
    parts.push(html`${text.slice(last, at)}<a href="${`${scheme}:${number}`}">${number}</a>`);
    last = at + number.length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}

/**
 * The text of a message: one paragraph, its line breaks kept (CSS `pre-line`), never cut into a list,
 * whoever wrote it. In what Vigie says, emergency numbers are links.
 */
export function renderMessageText(text: string, linkNumbers = false): SafeHtml {
  return html`<p class="vigie-message__texte">${linkNumbers ? withNumberLinks(text) : text}</p>`;
}

/**
 * A message's list (the summary), from its data: what comes before, the items as one list, what comes
 * after. Each item is one <li> whatever it holds; no number links in items, which quote the person.
 */
export function renderMessageList(list: MessageList, linkNumbers = false): SafeHtml {
  const inline = (piece: string) => (linkNumbers ? withNumberLinks(piece) : piece);
  return html`<div class="vigie-message__texte">${list.before ? html`<p>${inline(list.before)}</p>` : null}<ul>${list.items.map(
    (item) => html`<li>${item}</li>`,
  )}</ul>${list.after ? html`<p>${inline(list.after)}</p>` : null}</div>`;
}

/** The body of a message: its list where it has one (only the bot's), else its text. */
function renderMessageBody(message: MessageView): SafeHtml {
  const ours = message.author === 'bot' || message.author === 'system';
  if (ours && message.list) return renderMessageList(message.list, true);
  return renderMessageText(message.text, ours);
}

/** One message of the log; `isAnchor` makes it the target of the `#dernier-message` anchor. */
export function renderMessage(message: MessageView, isAnchor: boolean, agentLabel?: string): SafeHtml {
  const label = (message.author === 'agent' && agentLabel) || (AUTHOR_LABELS[message.author] ?? 'Message');
  return html`<li class="vigie-message vigie-message--${message.author}" data-seq="${message.seq}"${
    isAnchor ? html` id="dernier-message" tabindex="-1"` : null
  }><span class="vigie-message__auteur">${label}<span class="fr-sr-only"> :</span> <time datetime="${message.at}">${formatMessageTime(message.at)}</time></span>${renderMessageBody(message)}</li>`;
}

/** `name` is `controle` for an option chosen alone beside checkboxes, so that checked boxes do not go with it. */
function optionButton(option: MessageOption, name = 'option'): SafeHtml {
  return html`<button type="submit" class="fr-btn fr-btn--secondary" name="${name}" value="${option.value}">${option.label}</button>`;
}

/**
 * One button per option; the options of a group (the summary's corrections) folded together under its
 * heading, where the first of them comes (a <details>, which needs no JavaScript).
 */
function optionButtons(options: readonly MessageOption[]): SafeHtml[] {
  const shown = new Set<string>();
  const out: SafeHtml[] = [];
  for (const option of options) {
    if (!option.group) {
      out.push(optionButton(option));
    } else if (!shown.has(option.group)) {
      shown.add(option.group);
      const members = options.filter((other) => other.group === option.group);
      if (members.length === 1) {
        out.push(optionButton(option));
        continue;
      }
      out.push(html`<details class="vigie-options__groupe">
        <summary>${option.group} (${members.length})</summary>
        <div class="vigie-options__boutons">${members.map((member) => optionButton(member))}</div>
      </details>`);
    }
  }
  return out;
}

/**
 * The options of the bot's pending question, as a form that works without JS: one submit button each, or,
 * where several may be chosen, checkboxes and "Valider mes choix", the exclusive ones staying buttons
 * (named `controle`, so that checked boxes do not go with them).
 */
export function renderOptions(message: MessageView | undefined, action: string): SafeHtml | null {
  if (message?.author !== 'bot' || !message.options?.length) return null;
  if (!message.multiple) {
    return html`<form method="post" action="${action}" class="vigie-options" id="form-options">
  <fieldset>
    <legend>Réponses proposées</legend>
    <div class="vigie-options__boutons">
      ${optionButtons(message.options)}
    </div>
  </fieldset>
</form>`;
  }
  const choices = message.options.filter((option) => !option.exclusive);
  const alone = message.options.filter((option) => option.exclusive);
  return html`<form method="post" action="${action}" class="vigie-options" id="form-options">
  <fieldset class="fr-fieldset">
    <legend class="fr-fieldset__legend">Réponses proposées (cochez toutes celles qui conviennent)</legend>
    ${choices.map(
      (option, index) => html`<div class="fr-fieldset__element">
      <div class="fr-checkbox-group">
        <input type="checkbox" id="choix-${message.seq}-${index}" name="option" value="${option.value}">
        <label class="fr-label" for="choix-${message.seq}-${index}">${option.label}</label>
      </div>
    </div>`,
    )}
    <div class="vigie-options__boutons">
      <button type="submit" class="fr-btn" name="valider" value="1">Valider mes choix</button>
      ${alone.map((option) => optionButton(option, 'controle'))}
    </div>
  </fieldset>
</form>`;
}
