// Live chat: progressive enhancement of the server-rendered chat page. Without this script every
// action is a form post; with it, messages are sent as JSON and new ones arrive over SSE.
// The session travels in the HttpOnly cookie (same-origin credentials), never in JavaScript.
(() => {
  const chat = document.getElementById('chat');
  if (!chat || !window.fetch || !window.EventSource) return;
  const conversationId = chat.getAttribute('data-conversation-id');
  const log = document.getElementById('journal');
  const messageForm = document.getElementById('form-message');
  const textarea = document.getElementById('texte');
  const optionsZone = document.getElementById('zone-options');
  const errorBox = document.getElementById('chat-erreur');
  const submitBlock = document.getElementById('bloc-transmettre');
  // A follow-up with nothing since the transmission says so until the first question or answer arrives.
  const emptyNotice = document.getElementById('journal-vide');
  if (!conversationId || !log) return;

  const api = `/api/v1/conversations/${encodeURIComponent(conversationId)}`;
  const AUTHORS = {
    bot: 'Assistant Vigie',
    citizen: 'Vous',
    agent: 'Policier ou gendarme',
    system: 'Information',
  };
  // "Policier de la plateforme" in the live chat, "Policier ou gendarme" after transmission (chat.view.ts).
  let agentLabel = chat.getAttribute('data-agent-label') || AUTHORS.agent;
  // Lazy: time-zone data costs 50–85 ms at start.
  let timeFormat;
  function formatTime(date) {
    timeFormat ??= new Intl.DateTimeFormat('fr-FR', {
      timeZone: 'Europe/Paris',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
    });
    return timeFormat.format(date);
  }
  let lastSeq = 0;
  let busy = false;
  /** Set when the focused option disappeared: the first reply of the turn takes the focus. */
  let pendingFocus = false;

  for (const item of log.querySelectorAll('li[data-seq]')) {
    lastSeq = Math.max(lastSeq, Number(item.getAttribute('data-seq')) || 0);
  }

  function showError(message) {
    if (!errorBox) return;
    errorBox.textContent = message || '';
    errorBox.hidden = !message;
  }

  /** An error about the proposed answers, shown beside them (the text field's is far below). */
  function showOptionsError(form, message) {
    let box = form.querySelector('.fr-error-text');
    if (!box) {
      box = document.createElement('p');
      box.className = 'fr-error-text';
      box.setAttribute('role', 'alert');
      form.querySelector('fieldset')?.appendChild(box);
    }
    box.textContent = message;
    form.querySelector('input[type="checkbox"]')?.focus();
  }

  function messageElement(message) {
    const item = document.createElement('li');
    item.className = `vigie-message vigie-message--${AUTHORS[message.author] ? message.author : 'system'}`;
    item.setAttribute('data-seq', String(message.seq));
    const author = document.createElement('span');
    author.className = 'vigie-message__auteur';
    author.textContent = message.author === 'agent' ? agentLabel : AUTHORS[message.author] || 'Message';
    if (message.author === 'system') agentLabel = AUTHORS.agent;
    const colon = document.createElement('span');
    colon.className = 'fr-sr-only';
    colon.textContent = ' :';
    author.appendChild(colon);
    const date = new Date(message.at);
    if (!Number.isNaN(date.getTime())) {
      const time = document.createElement('time');
      time.setAttribute('datetime', message.at);
      time.textContent = formatTime(date);
      author.appendChild(document.createTextNode(' '));
      author.appendChild(time);
    }
    item.appendChild(author);
    const ours = message.author === 'bot' || message.author === 'system';
    item.appendChild(ours && message.list ? messageList(message.list) : messageText(message.text, ours));
    return item;
  }

  // As message.view.ts: numbers in Vigie's fixed sentences are links.
  const EMERGENCY_NUMBER =
    /(?:[Aa]ppele[zr] le |ou le |SMS au |\b[Ll]e (?=3919\b)|\ble (?=119 est\b))(17|112|114|3919|119)\b/gu;

  function appendText(parent, text, linkNumbers) {
    let last = 0;
    if (linkNumbers) {
      for (const match of text.matchAll(EMERGENCY_NUMBER)) {
        const number = match[1];
        const at = match.index + match[0].length - number.length;
        parent.appendChild(document.createTextNode(text.slice(last, at)));
        const link = document.createElement('a');
        link.href = `${number === '114' ? 'sms' : 'tel'}:${number}`;
        link.textContent = number;
        parent.appendChild(link);
        last = at + number.length;
      }
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** As the server renders it (message.view.ts): one paragraph, line breaks kept by CSS, never a list. */
  function messageText(text, linkNumbers) {
    const element = document.createElement('p');
    element.className = 'vigie-message__texte';
    appendText(element, String(text), linkNumbers);
    return element;
  }

  /** As message.view.ts renders a list from its data: each item one <li>; number links outside items. */
  function messageList(list) {
    const element = document.createElement('div');
    element.className = 'vigie-message__texte';
    const paragraph = (text) => {
      if (typeof text !== 'string' || !text) return;
      const block = document.createElement('p');
      appendText(block, text, true);
      element.appendChild(block);
    };
    paragraph(list.before);
    const entries = document.createElement('ul');
    for (const item of Array.isArray(list.items) ? list.items : []) {
      const entry = document.createElement('li');
      entry.textContent = String(item);
      entries.appendChild(entry);
    }
    element.appendChild(entries);
    paragraph(list.after);
    return element;
  }

  function submitButton(name, value, label, primary) {
    const button = document.createElement('button');
    button.type = 'submit';
    button.name = name;
    button.value = value;
    button.className = primary ? 'fr-btn' : 'fr-btn fr-btn--secondary';
    button.textContent = label;
    return button;
  }

  /** The same form as the server renders (message.view.ts): buttons, or checkboxes where several fit. */
  function renderOptions(message) {
    if (!optionsZone) return;
    const hadFocus = optionsZone.contains(document.activeElement);
    optionsZone.textContent = '';
    if (message.author === 'bot' && message.options && message.options.length) {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = messageForm ? messageForm.getAttribute('action') : '';
      form.className = 'vigie-options';
      const fieldset = document.createElement('fieldset');
      const legend = document.createElement('legend');
      const buttons = document.createElement('div');
      buttons.className = 'vigie-options__boutons';
      fieldset.appendChild(legend);
      if (message.multiple) {
        fieldset.className = 'fr-fieldset';
        legend.className = 'fr-fieldset__legend';
        legend.textContent = 'Réponses proposées (cochez toutes celles qui conviennent)';
        message.options.forEach((option, index) => {
          if (option.exclusive) return;
          const element = document.createElement('div');
          element.className = 'fr-fieldset__element';
          const group = document.createElement('div');
          group.className = 'fr-checkbox-group';
          const input = document.createElement('input');
          input.type = 'checkbox';
          input.id = `choix-${message.seq}-${index}`;
          input.name = 'option';
          input.value = option.value;
          const label = document.createElement('label');
          label.className = 'fr-label';
          label.htmlFor = input.id;
          label.textContent = option.label;
          group.appendChild(input);
          group.appendChild(label);
          element.appendChild(group);
          fieldset.appendChild(element);
        });
        buttons.appendChild(submitButton('valider', '1', 'Valider mes choix', true));
        for (const option of message.options) {
          if (option.exclusive) buttons.appendChild(submitButton('controle', option.value, option.label));
        }
      } else {
        legend.textContent = 'Réponses proposées';
        // As message.view.ts: a group's options folded under its heading.
        const groups = new Set();
        for (const option of message.options) {
          if (!option.group) {
            buttons.appendChild(submitButton('option', option.value, option.label));
          } else if (!groups.has(option.group)) {
            groups.add(option.group);
            const members = message.options.filter((other) => other.group === option.group);
            if (members.length === 1) {
              buttons.appendChild(submitButton('option', option.value, option.label));
              continue;
            }
            const details = document.createElement('details');
            details.className = 'vigie-options__groupe';
            const summary = document.createElement('summary');
            summary.textContent = `${option.group} (${members.length})`;
            const inner = document.createElement('div');
            inner.className = 'vigie-options__boutons';
            for (const member of members)
              inner.appendChild(submitButton('option', member.value, member.label));
            details.appendChild(summary);
            details.appendChild(inner);
            buttons.appendChild(details);
          }
        }
      }
      fieldset.appendChild(buttons);
      form.appendChild(fieldset);
      optionsZone.appendChild(form);
    }
    // Focus goes to the turn's first reply (showReplies), not the text field (a phone's keyboard would
    // open after every tap); options redrawn by another message keep it among them.
    if (!hadFocus) return;
    if (busy) pendingFocus = true;
    else (optionsZone.querySelector('button, input') || textarea)?.focus({ preventScroll: true });
  }

  /** Inserts a message in seq order, once, whether it comes from the POST answer or the stream. */
  function addMessage(message) {
    if (!message || typeof message.seq !== 'number') return;
    if (log.querySelector(`li[data-seq="${message.seq}"]`)) return;
    const element = messageElement(message);
    let before = null;
    for (const item of log.querySelectorAll('li[data-seq]')) {
      if (Number(item.getAttribute('data-seq')) > message.seq) {
        before = item;
        break;
      }
    }
    log.insertBefore(element, before);
    if (emptyNotice) emptyNotice.hidden = true;
    if (message.seq > lastSeq) {
      lastSeq = message.seq;
      renderOptions(message);
      if (!busy) element.scrollIntoView({ block: 'nearest' });
    }
    if (message.author === 'bot' || message.author === 'system') scheduleStatusCheck();
  }

  let statusTimer = 0;
  /** "Transmettre" once the bot has enough facts; the receipt page once an officer transmitted. */
  function scheduleStatusCheck() {
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => {
      fetch(api, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then((response) => (response.ok ? response.json() : null))
        .then((view) => {
          if (view?.receiptReady) location.reload();
          else if (submitBlock && typeof view?.canSubmit === 'boolean') submitBlock.hidden = !view.canSubmit;
        })
        .catch(() => {});
    }, 300);
  }

  /** The turn's first reply at the top: replies are read from their start (17 / 112 / 114, summary). */
  function showReplies(messages) {
    const first = messages.find((message) => message.author !== 'citizen');
    const element = first && log.querySelector(`li[data-seq="${first.seq}"]`);
    if (!element) return;
    element.scrollIntoView({ block: 'start' });
    // Unless the person went on meanwhile (typing, say).
    const active = document.activeElement;
    const idle = !active || active === document.body || optionsZone?.contains(active);
    if (pendingFocus && idle) {
      element.setAttribute('tabindex', '-1');
      element.focus({ preventScroll: true });
    }
    pendingFocus = false;
  }

  function send(body) {
    if (busy) return Promise.resolve(false);
    busy = true;
    showError('');
    return fetch(`${api}/messages`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    })
      .then((response) =>
        response
          .json()
          .catch(() => ({}))
          .then((data) => {
            if (!response.ok) {
              showError(data.error?.message || 'Le message n’a pas pu être envoyé. Réessayez.');
              return false;
            }
            for (const message of data.messages || []) addMessage(message);
            showReplies(data.messages || []);
            return true;
          }),
      )
      .catch(() => {
        showError('Connexion impossible. Vérifiez votre réseau puis réessayez : votre texte est conservé.');
        return false;
      })
      .finally(() => {
        busy = false;
        pendingFocus = false;
      });
  }

  if (messageForm && textarea) {
    messageForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = textarea.value.trim();
      if (!text) {
        showError('Le message est vide : écrivez quelques mots.');
        textarea.focus();
        return;
      }
      send({ text }).then((sent) => {
        if (sent) textarea.value = '';
        textarea.focus({ preventScroll: sent });
      });
    });
  }

  if (optionsZone) {
    optionsZone.addEventListener('submit', (event) => {
      const button = event.submitter;
      if (!button) return; // old browser: let the form post normally
      if (button.name === 'option' || button.name === 'controle') {
        event.preventDefault();
        send({ option: button.value });
      } else if (button.name === 'valider') {
        event.preventDefault();
        const checked = [...event.target.querySelectorAll('input[name="option"]:checked')];
        if (checked.length === 0) {
          showOptionsError(
            event.target,
            'Cochez au moins une réponse, ou choisissez « Je ne sais pas / passer ».',
          );
          return;
        }
        send({ option: checked.map((input) => input.value).join(',') });
      }
    });
  }

  // Live updates (bot and officers). EventSource reconnects by itself with Last-Event-ID.
  const stream = new EventSource(`${api}/events?lastEventId=${lastSeq}`);
  stream.addEventListener('message', (event) => {
    try {
      addMessage(JSON.parse(event.data));
    } catch {
      // Ignored; the next reconnection re-reads the database.
    }
  });
  stream.addEventListener('error', () => {
    // Gone for good: the page's no-JavaScript link, drawn only now (never drawn then hidden at start).
    const hint = document.getElementById('actualiser');
    if (stream.readyState === EventSource.CLOSED && hint) hint.outerHTML = hint.textContent;
  });
  window.addEventListener('pagehide', () => stream.close());
})();
