// The operators' live chat: the queue and "my chats" over one SSE stream (event "chats"), each open chat
// over its own (events "message", "facts", "status"), writes through the JSON API. Everything the citizen
// wrote is set with textContent, never as markup. New chats and danger announce themselves (sound that
// can be turned off, badge, tab title, screen-reader announcement).
(() => {
  const root = document.getElementById('direct');
  if (!root || !window.EventSource) return;
  const { api, showError, alertSound } = window.VigieConsole;
  const labels = JSON.parse(root.dataset.labels || '{}');
  const canned = JSON.parse(root.dataset.canned || '[]');
  const queueList = document.getElementById('file');
  const queueCount = document.getElementById('file-compte');
  const queueEmpty = document.getElementById('file-vide');
  const tabs = document.getElementById('onglets');
  const panels = document.getElementById('panneaux');
  const noChat = document.getElementById('aucune');
  const template = document.getElementById('modele-conversation');
  const announcer = document.getElementById('direct-annonce');
  const presence = document.getElementById('presence');
  const presenceState = document.getElementById('presence-etat');
  const { beep } = alertSound(document.getElementById('direct-son'));
  const TITLE = 'Direct — Vigie';
  const AUTHORS = { citizen: 'Déclarant', bot: 'Robot', agent: 'Policier', system: 'Système' };
  const timeFormat = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  });

  /** The open chats, by conversation id. */
  const chats = new Map();
  let active = null;
  let knownQueued = null;
  let knownDanger = new Set();
  let knownMine = null;

  function announce(text) {
    announcer.textContent = '';
    // A fresh text node, so that the same sentence twice is read twice.
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const categoryOf = (item) => labels.categories?.[item.category] ?? 'Catégorie non précisée';
  const waiting = (since) => {
    if (!since) return '';
    const minutes = Math.max(0, Math.round((Date.now() - new Date(since).getTime()) / 60000));
    return minutes < 1 ? 'attend depuis moins d’une minute' : `attend depuis ${minutes} min`;
  };

  // ---- Presence ----

  async function loadPresence() {
    try {
      const state = await api('GET', '/api/v1/agent/presence');
      presence.value = state.status;
      presenceState.textContent =
        state.status === 'away'
          ? `Absent (sans activité depuis ${state.awayAfterMinutes} min, ou par choix).`
          : '';
    } catch {}
    presence.disabled = false;
  }
  presence.addEventListener('change', async () => {
    try {
      await api('PUT', '/api/v1/agent/presence', { status: presence.value });
      presenceState.textContent = '';
      announce(presence.options[presence.selectedIndex].textContent);
    } catch (error) {
      presenceState.textContent = error.message;
    }
  });
  // Activity keeps an online operator online: at most once a minute; idle, the server counts them away.
  let lastActivity = Date.now();
  const keepOnline = () => {
    if (presence.value !== 'online' || Date.now() - lastActivity < 60_000) return;
    lastActivity = Date.now();
    api('PUT', '/api/v1/agent/presence', { status: 'online' }).catch(() => {});
  };
  for (const type of ['keydown', 'mousedown', 'input'])
    window.addEventListener(type, keepOnline, { passive: true, capture: true });

  // ---- The queue and my chats ----

  function queueItem(item) {
    const li = element('li', `vigie-direct-queue-item${item.danger ? ' vigie-direct-danger' : ''}`);
    const head = element('p', 'fr-text--sm fr-mb-0');
    if (item.danger) head.append(element('span', 'fr-badge fr-badge--sm fr-badge--error', 'Danger'), ' ');
    head.append(element('strong', '', categoryOf(item)));
    li.append(head);
    // The danger indicators the bot recognised (strangulation, author present…), at a glance.
    if (item.dangerFlags?.length) {
      const flags = element('p', 'fr-mb-1v');
      for (const flag of item.dangerFlags) {
        flags.append(
          element(
            'span',
            'fr-badge fr-badge--sm fr-badge--error fr-mr-1v',
            labels.dangerFlags?.[flag] ?? flag,
          ),
        );
      }
      li.append(flags);
    }
    li.append(
      element(
        'p',
        'fr-text--xs fr-mb-1v',
        `${item.communeName ?? 'Commune inconnue'} · ${waiting(item.waitingSince)}`,
      ),
    );
    if (item.extracted?.length) {
      const kinds = item.extracted.map((type) => labels.factTypes?.[type] ?? type);
      const shown = `${kinds.slice(0, 6).join(', ')}${kinds.length > 6 ? '…' : ''}`;
      li.append(element('p', 'fr-text--xs fr-mb-1v', `Compris par le robot : ${shown}`));
    }
    const take = element('button', 'fr-btn fr-btn--sm fr-btn--secondary', 'Prendre');
    take.type = 'button';
    take.setAttribute(
      'aria-label',
      `Prendre : ${categoryOf(item)}, ${item.communeName ?? 'commune inconnue'}${item.danger ? ', danger' : ''}`,
    );
    take.addEventListener('click', async () => {
      take.disabled = true;
      try {
        await api('POST', `/api/v1/chats/${item.conversationId}/take`);
        openChat(item, true);
      } catch (error) {
        take.disabled = false;
        announce(error.message);
      }
    });
    li.append(take);
    return li;
  }

  function onChats(event) {
    const { queued, mine } = JSON.parse(event.data);
    queueList.replaceChildren(...queued.map(queueItem));
    queueCount.textContent = String(queued.length);
    queueEmpty.hidden = queued.length > 0;
    document.title = queued.length ? `(${queued.length}) ${TITLE}` : TITLE;
    if (knownQueued) {
      const arrived = queued.filter((item) => !knownQueued.has(item.conversationId));
      // Danger told while waiting counts as much as danger on arrival: the person is now first in line.
      if (queued.some((item) => item.danger && !knownDanger.has(item.conversationId))) {
        beep('danger');
        announce('Danger : une personne en danger attend un policier.');
      } else if (arrived.length) {
        beep();
        announce(
          arrived.length > 1
            ? `${arrived.length} nouvelles conversations en attente.`
            : 'Nouvelle conversation en attente.',
        );
      }
    }
    knownQueued = new Set(queued.map((item) => item.conversationId));
    knownDanger = new Set(queued.filter((item) => item.danger).map((item) => item.conversationId));
    for (const item of mine) {
      const fresh = knownMine && !knownMine.has(item.conversationId) && !chats.has(item.conversationId);
      openChat(item, false);
      if (fresh) {
        beep(item.danger ? 'danger' : undefined);
        announce(
          `Une conversation vous est confiée : ${categoryOf(item)}${item.danger ? ', danger signalé' : ''}.`,
        );
      }
    }
    // Chats no longer mine (handed back, transferred) leave, unless closed here (their outcome stays
    // shown): the queue's event may arrive before the answer to the close itself.
    const mineIds = new Set(mine.map((item) => item.conversationId));
    for (const [id, chat] of chats) if (!mineIds.has(id) && !chat.closed && !chat.ending) removeChat(id);
    knownMine = mineIds;
    refreshEmpty();
  }

  function refreshEmpty() {
    noChat.hidden = chats.size > 0;
  }

  // ---- One chat: tab, panel, stream ----

  function openChat(item, focus) {
    let chat = chats.get(item.conversationId);
    if (!chat) chat = createChat(item);
    chat.item = item;
    renderPrequal(chat);
    if (focus || !active) select(chat.id, focus);
    refreshEmpty();
  }

  function createChat(item) {
    const id = item.conversationId;
    const panel = template.content.firstElementChild.cloneNode(true);
    const ref = (name) => panel.querySelector(`[data-ref="${name}"]`);
    const prefix = `c-${id.slice(0, 8)}`;
    panel.id = `${prefix}-panneau`;
    // Ids and label links of this copy of the template.
    for (const label of panel.querySelectorAll('[data-ref$="-label"]')) {
      const target = ref(label.dataset.ref.slice(0, -'-label'.length));
      if (!target) continue;
      target.id = `${prefix}-${target.dataset.ref}`;
      label.htmlFor = target.id;
    }
    const tab = element('button', 'vigie-direct-tab');
    tab.type = 'button';
    tab.setAttribute('role', 'tab');
    tab.id = `${prefix}-onglet`;
    tab.setAttribute('aria-controls', panel.id);
    panel.setAttribute('aria-labelledby', tab.id);
    tab.setAttribute('aria-selected', 'false');
    tab.tabIndex = -1;
    panel.hidden = true;
    tab.addEventListener('click', () => select(id, true));
    tab.addEventListener('keydown', onTabKey);
    tabs.append(tab);
    panels.append(panel);
    const chat = {
      id,
      item,
      panel,
      tab,
      ref,
      messages: new Map(),
      unread: 0,
      closed: false,
      category: null,
      stream: null,
    };
    chats.set(id, chat);
    renderTab(chat);
    wireComposer(chat);
    wireFiche(chat);
    connect(chat);
    return chat;
  }

  function removeChat(id) {
    const chat = chats.get(id);
    if (!chat) return;
    chat.stream?.close();
    chat.tab.remove();
    chat.panel.remove();
    chats.delete(id);
    announce(`La conversation ${categoryOf(chat.item)} ne vous est plus confiée.`);
    if (active === id) {
      active = null;
      const next = chats.keys().next();
      if (!next.done) select(next.value, false);
    }
    refreshEmpty();
  }

  function renderTab(chat) {
    chat.tab.replaceChildren();
    if (chat.item.danger)
      chat.tab.append(element('span', 'fr-badge fr-badge--sm fr-badge--error', 'Danger'), ' ');
    chat.tab.append(`${categoryOf(chat.item)} · ${chat.item.communeName ?? '?'}`);
    if (chat.closed) chat.tab.append(' ', element('span', 'fr-badge fr-badge--sm', 'Close'));
    if (chat.unread)
      chat.tab.append(
        ' ',
        element(
          'span',
          'fr-badge fr-badge--sm fr-badge--new',
          `${chat.unread} nouveau${chat.unread > 1 ? 'x' : ''}`,
        ),
      );
  }

  function select(id, focus) {
    active = id;
    for (const chat of chats.values()) {
      const selected = chat.id === id;
      chat.tab.setAttribute('aria-selected', String(selected));
      chat.tab.tabIndex = selected ? 0 : -1;
      chat.panel.hidden = !selected;
      if (selected) {
        chat.unread = 0;
        renderTab(chat);
        if (focus) chat.ref('texte').focus();
      }
    }
  }

  /** Tabs as the ARIA pattern wants them: arrows move between chats, Home and End to the ends. */
  function onTabKey(event) {
    const all = [...tabs.querySelectorAll('[role="tab"]')];
    const index = all.indexOf(event.currentTarget);
    const to = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: all.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const tab = all[(to + all.length) % all.length];
    tab.focus();
    tab.click();
  }

  function renderPrequal(chat) {
    const box = chat.ref('prequal');
    box.replaceChildren();
    const item = chat.item;
    if (item.danger)
      box.append(
        element('p', 'fr-badge fr-badge--error fr-mb-1v', 'Danger présent ou imminent signalé au robot'),
      );
    for (const flag of item.dangerFlags ?? []) {
      box.append(
        element('span', 'fr-badge fr-badge--sm fr-badge--error fr-mr-1v', labels.dangerFlags?.[flag] ?? flag),
      );
    }
    const facts = chat.facts?.filter((fact) => fact.status !== 'removed').length ?? 0;
    box.append(
      element(
        'p',
        'fr-text--sm fr-mb-1v',
        `${labels.categories?.[chat.category ?? item.category] ?? 'Catégorie non précisée'} · ${item.communeName ?? 'commune inconnue'} · ${waiting(item.waitingSince)} · ${facts} fait${facts > 1 ? 's' : ''} compris par le robot`,
      ),
    );
  }

  // ---- Messages ----

  function messageElement(message) {
    const li = element(
      'li',
      `vigie-direct-msg vigie-direct-msg--${message.author}${message.internal ? ' vigie-direct-msg--interne' : ''}`,
    );
    li.dataset.seq = String(message.seq);
    li.id = `m-${message.id}`;
    li.tabIndex = -1;
    const who = message.internal
      ? 'Note interne'
      : message.author === 'agent'
        ? 'Policier de la plateforme'
        : (AUTHORS[message.author] ?? message.author);
    li.append(element('p', 'vigie-direct-msg-who', `${who} · ${timeFormat.format(new Date(message.at))}`));
    if (message.list) {
      if (message.list.before) li.append(element('p', 'vigie-direct-msg-text', message.list.before));
      const ul = element('ul');
      for (const entry of message.list.items) ul.append(element('li', '', entry));
      li.append(ul);
      if (message.list.after) li.append(element('p', 'vigie-direct-msg-text', message.list.after));
    } else li.append(element('p', 'vigie-direct-msg-text', message.text));
    return li;
  }

  /** Inserts a message in seq order, once, whether it comes from the transcript, the stream or a POST. */
  function addMessage(chat, message, live) {
    if (chat.messages.has(message.seq)) return;
    chat.messages.set(message.seq, message);
    const log = chat.ref('log');
    const node = messageElement(message);
    const after = [...log.children].find((li) => Number(li.dataset.seq) > message.seq);
    log.insertBefore(node, after ?? null);
    if (!after) node.scrollIntoView({ block: 'nearest' });
    if (live && message.author === 'citizen' && active !== chat.id) {
      chat.unread++;
      renderTab(chat);
      beep();
      announce(`Nouveau message : ${categoryOf(chat.item)}.`);
    }
  }

  function connect(chat) {
    let loaded = false;
    const stream = new EventSource(`/api/v1/chats/${chat.id}/events`);
    chat.stream = stream;
    // The transcript is read once the stream is open, so that nothing falls between the two.
    stream.addEventListener('open', async () => {
      if (loaded) return;
      loaded = true;
      try {
        const view = await api('GET', `/api/v1/chats/${chat.id}`);
        chat.category = view.category;
        chat.ref('clore-categorie').hidden = Boolean(view.category);
        for (const message of view.messages) addMessage(chat, message, false);
        renderFacts(chat, view.facts);
      } catch (error) {
        showError(chat.ref('erreur'), error.message);
      }
    });
    stream.addEventListener('message', (event) => addMessage(chat, JSON.parse(event.data), true));
    stream.addEventListener('facts', (event) => renderFacts(chat, JSON.parse(event.data).facts));
    stream.addEventListener('end', (event) => {
      stream.close();
      const code = JSON.parse(event.data || '{}').code;
      // Transmitted or erased by the person (or closed here): the chat is over; else the session is.
      if (code !== 'conversation_closed') api('GET', '/api/v1/auth/me').catch(() => {});
      else if (!chat.closed && !chat.ending)
        finish(chat, 'La conversation est terminée : la personne a transmis ou effacé son signalement.');
    });
  }

  // ---- Composer and canned answers ----

  function wireComposer(chat) {
    const form = chat.ref('compose');
    const text = chat.ref('texte');
    const list = chat.ref('types');
    const internal = chat.ref('interne');
    list.id = `c-${chat.id.slice(0, 8)}-types`;
    text.setAttribute('aria-controls', list.id);
    let choices = [];
    let current = -1;

    const fold = (value) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    /** The "/word" being typed just before the caret, if any. */
    const slashToken = () => /(^|\s)\/([\p{L}\d-]*)$/u.exec(text.value.slice(0, text.selectionStart));

    function close() {
      list.hidden = true;
      text.setAttribute('aria-expanded', 'false');
      text.removeAttribute('aria-activedescendant');
      choices = [];
      current = -1;
    }
    function highlight(index) {
      current = index;
      for (const [i, li] of [...list.children].entries())
        li.setAttribute('aria-selected', String(i === index));
      if (index >= 0) text.setAttribute('aria-activedescendant', list.children[index].id);
    }
    function insert(answer) {
      const token = slashToken();
      const start = token ? text.selectionStart - token[2].length - 1 : text.selectionStart;
      text.value = text.value.slice(0, start) + answer.body + text.value.slice(text.selectionStart);
      text.selectionStart = text.selectionEnd = start + answer.body.length;
      close();
      text.focus();
    }
    text.addEventListener('input', () => {
      const token = slashToken();
      if (!token) return close();
      const query = fold(token[2]);
      choices = canned
        .filter((answer) => answer.shortcut.startsWith(query) || fold(answer.title).includes(query))
        .slice(0, 8);
      if (!choices.length) return close();
      list.replaceChildren(
        ...choices.map((answer, i) => {
          const li = element('li', 'vigie-direct-canned-item');
          li.id = `${list.id}-${i}`;
          li.setAttribute('role', 'option');
          li.append(element('strong', '', `/${answer.shortcut}`), ` ${answer.title}`);
          li.addEventListener('mousedown', (event) => {
            event.preventDefault();
            insert(answer);
          });
          return li;
        }),
      );
      list.hidden = false;
      text.setAttribute('aria-expanded', 'true');
      highlight(0);
    });
    text.addEventListener('keydown', (event) => {
      if (!list.hidden && choices.length) {
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          highlight((current + (event.key === 'ArrowDown' ? 1 : -1) + choices.length) % choices.length);
          return;
        }
        if (event.key === 'Enter' || event.key === 'Tab') {
          event.preventDefault();
          insert(choices[Math.max(current, 0)]);
          return;
        }
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
          return;
        }
      }
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    text.addEventListener('blur', () => window.setTimeout(close, 100));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = text.value.trim();
      if (!value || chat.closed) return;
      showError(chat.ref('erreur'), null);
      try {
        const { message } = await api('POST', `/api/v1/chats/${chat.id}/messages`, {
          text: value,
          internal: internal.checked,
        });
        addMessage(chat, message, false);
        text.value = '';
        internal.checked = false;
      } catch (error) {
        showError(chat.ref('erreur'), error.message);
      }
    });
  }

  // ---- The live fiche, closing, transfer ----

  function renderFacts(chat, facts) {
    chat.facts = facts;
    const list = chat.ref('faits');
    chat.ref('faits-vide').hidden = facts.length > 0;
    list.replaceChildren(...facts.map((fact) => factElement(chat, fact)));
    renderPrequal(chat);
  }

  function factElement(chat, fact) {
    const li = element('li', `vigie-direct-fact vigie-direct-fact--${fact.status}`);
    const head = element('p', 'fr-text--sm fr-mb-0');
    head.append(element('span', 'vigie-direct-fact-type', labels.factTypes?.[fact.type] ?? fact.type), ' ');
    head.append(element('strong', '', fact.label));
    if (fact.status !== 'extracted')
      head.append(
        ' ',
        element('span', 'fr-badge fr-badge--sm', labels.factStatuses?.[fact.status] ?? fact.status),
      );
    li.append(head);
    if (fact.original)
      li.append(element('p', 'fr-text--xs fr-mb-0', `Compris d’abord : ${fact.original.value}`));
    const actions = element('p', 'vigie-direct-fact-actions fr-mb-1v');
    const button = (label, handler) => {
      const b = element('button', 'fr-btn fr-btn--tertiary-no-outline fr-btn--sm', label);
      b.type = 'button';
      b.setAttribute('aria-label', `${label} : ${fact.label}`);
      b.addEventListener('click', handler);
      actions.append(b);
    };
    if (fact.messageId) {
      button('Voir le message', () => {
        const target = chat.panel.querySelector(`#m-${CSS.escape(fact.messageId)}`);
        target?.scrollIntoView({ block: 'center' });
        target?.focus();
      });
    }
    const send = (body) => editFact(chat, body);
    if (fact.status === 'removed') button('Rétablir', () => send({ action: 'restore', key: fact.key }));
    else {
      if (fact.status === 'extracted') button('Confirmer', () => send({ action: 'confirm', key: fact.key }));
      button('Corriger', () => {
        const form = element('form', 'vigie-direct-fact-edit');
        const input = element('input', 'fr-input');
        input.value = fact.value;
        input.setAttribute('aria-label', `Nouvelle valeur : ${labels.factTypes?.[fact.type] ?? fact.type}`);
        const save = element('button', 'fr-btn fr-btn--sm', 'Enregistrer');
        form.append(input, save);
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          send({ action: 'edit', key: fact.key, value: input.value });
        });
        input.addEventListener('keydown', (event) => {
          if (event.key === 'Escape') renderFacts(chat, chat.facts);
        });
        actions.replaceWith(form);
        input.focus();
      });
      button('Retirer', () => send({ action: 'remove', key: fact.key }));
    }
    li.append(actions);
    return li;
  }

  async function editFact(chat, body) {
    try {
      const { facts } = await api('POST', `/api/v1/chats/${chat.id}/facts`, body);
      renderFacts(chat, facts);
      announce('Fiche mise à jour.');
    } catch (error) {
      showError(chat.ref('erreur'), error.message);
    }
  }

  function wireFiche(chat) {
    const add = chat.ref('ajout');
    add.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = chat.ref('ajout-valeur').value.trim();
      if (!value) return;
      editFact(chat, { action: 'add', type: chat.ref('ajout-type').value, value }).then(() => {
        chat.ref('ajout-valeur').value = '';
      });
    });

    chat.ref('clore').addEventListener('submit', async (event) => {
      event.preventDefault();
      const category = chat.ref('categorie').value;
      chat.ending = true;
      try {
        const closed = await api('POST', `/api/v1/chats/${chat.id}/close`, category ? { category } : {});
        finish(
          chat,
          'La conversation est close : le signalement est créé et la personne reçoit son récépissé.',
          closed.reportId,
        );
      } catch (error) {
        chat.ending = false;
        if (error.code === 'nothing_to_submit') chat.ref('clore-categorie').hidden = false;
        showError(chat.ref('erreur'), error.message);
      }
    });

    const toAgent = chat.ref('vers-agent');
    const toUnit = chat.ref('vers-unite');
    const name = `vers-${chat.id}`;
    toAgent.name = name;
    toUnit.name = name;
    const toggle = () => {
      chat.ref('agent-groupe').hidden = !toAgent.checked;
      chat.ref('unite-groupe').hidden = !toUnit.checked;
    };
    toAgent.addEventListener('change', toggle);
    toUnit.addEventListener('change', toggle);
    chat.ref('transfert').addEventListener('submit', async (event) => {
      event.preventDefault();
      const reason = chat.ref('raison').value.trim();
      const body = toUnit.checked
        ? {
            unit: chat.ref('unite').value,
            reason,
            ...(chat.ref('categorie').value && { category: chat.ref('categorie').value }),
          }
        : { agent: chat.ref('agent').value.trim(), ...(reason && { reason }) };
      chat.ending = toUnit.checked;
      try {
        const moved = await api('POST', `/api/v1/chats/${chat.id}/transfer`, body);
        if (moved.reportId)
          finish(
            chat,
            `Le signalement est transmis à ${body.unit}. La personne reçoit son récépissé.`,
            moved.reportId,
          );
        else removeChat(chat.id);
      } catch (error) {
        chat.ending = false;
        showError(chat.ref('erreur'), error.message);
      }
    });
  }

  /** The chat is over here: its outcome stays shown, with the way to the fiche, until the tab is closed. */
  function finish(chat, text, reportId) {
    chat.closed = true;
    chat.stream?.close();
    for (const control of chat.panel.querySelectorAll('textarea, input, select, button'))
      control.disabled = true;
    const done = element('div', 'fr-alert fr-alert--success fr-alert--sm');
    done.setAttribute('role', 'status');
    done.append(element('p', '', text));
    const link = element('a', 'fr-link', 'Ouvrir la fiche du signalement');
    link.href = `/console/signalements/${reportId}`;
    if (reportId) done.append(link);
    const closeTab = element('button', 'fr-btn fr-btn--sm fr-btn--tertiary fr-ml-2w', 'Fermer l’onglet');
    closeTab.type = 'button';
    closeTab.addEventListener('click', () => removeChat(chat.id));
    done.append(closeTab);
    chat.ref('compose').before(done);
    renderTab(chat);
    (reportId ? link : closeTab).focus();
  }

  // ---- Start ----

  loadPresence();
  const source = new EventSource('/api/v1/chats/events');
  source.addEventListener('chats', onChats);
  source.addEventListener('end', () => {
    source.close();
    window.location.assign('/console');
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) api('GET', '/api/v1/auth/me').catch(() => {});
  });
  // The waiting times move on by themselves.
  window.setInterval(() => {
    for (const chat of chats.values()) renderPrequal(chat);
  }, 60_000);
})();
