// The fiche's island: facts (confirm, correct, remove, restore, add), question to the reporter,
// qualification and decisions through the JSON API; the reporter's answers arrive live over SSE.
(() => {
  const fiche = document.getElementById('fiche');
  if (!fiche || !window.VigieConsole) return;
  const { api, showError } = window.VigieConsole;
  const reportId = fiche.dataset.report;
  const base = `/api/v1/reports/${encodeURIComponent(reportId)}`;
  const editable = !['closed', 'rejected'].includes(fiche.dataset.status);
  const facts = document.getElementById('faits');
  const transcript = document.getElementById('transcription');
  const announce = document.getElementById('fiche-annonce');
  let leaving = false;

  const STATUS = {
    extracted: 'extrait',
    confirmed: 'confirmé',
    edited: 'corrigé',
    removed: 'retiré',
    added: 'ajouté',
  };
  const BADGE = {
    confirmed: 'fr-badge--success',
    edited: 'fr-badge--info',
    removed: 'fr-badge--error',
    added: 'fr-badge--new',
  };
  const AUTHORS = { citizen: 'Déclarant', bot: 'Robot', agent: 'Agent', system: 'Système' };
  const TYPES = JSON.parse(facts?.dataset.types || '{}');
  const dateFormat = window.VigieConsole.dateFormat;

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === false || value === null || value === undefined) continue;
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : value);
    }
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function say(text) {
    announce.textContent = '';
    window.setTimeout(() => {
      announce.textContent = text;
    }, 50);
  }

  /** The same markup as the server's factItem (fiche-facts.view.ts). */
  function factNode(fact) {
    const removed = fact.status === 'removed';
    const described = () => el('span', { class: 'fr-sr-only', text: ` le fait « ${fact.label} »` });
    const button = (action, label, variant, extra = {}) =>
      el(
        'button',
        { type: 'button', class: `fr-btn fr-btn--sm ${variant}`, 'data-action': action, ...extra },
        label,
        described(),
      );
    const li = el(
      'li',
      { id: `fait-${fact.id}`, class: `vigie-fait vigie-fait--${fact.status}`, 'data-fact': fact.id },
      el(
        'p',
        { class: 'vigie-fait__valeur' },
        el('strong', { text: fact.label }),
        fact.label !== fact.value ? el('code', { class: 'vigie-fait__code', text: ` ${fact.value}` }) : null,
        ' ',
        el('span', {
          class: `fr-badge fr-badge--sm ${BADGE[fact.status] ?? ''}`,
          text: STATUS[fact.status] ?? fact.status,
        }),
      ),
      fact.original
        ? el(
            'p',
            { class: 'vigie-fait__original' },
            'Valeur extraite\u00a0: ',
            el('del', { text: fact.original.value }),
          )
        : null,
      fact.text && fact.text !== fact.value && fact.text !== fact.label
        ? el('blockquote', { class: 'vigie-fait__citation', text: `« ${fact.text} »` })
        : null,
      fact.messageId
        ? el(
            'p',
            { class: 'vigie-fait__source' },
            el('a', {
              class: 'fr-link fr-link--sm',
              href: `#message-${fact.messageId}`,
              text: 'voir le message',
            }),
          )
        : null,
    );
    if (!editable) return li;
    li.append(
      el(
        'div',
        { class: 'vigie-fait__actions' },
        fact.status === 'extracted' ? button('confirm', 'Confirmer', 'fr-btn--secondary') : null,
        removed
          ? null
          : button('edit', 'Corriger', 'fr-btn--tertiary', {
              'aria-expanded': 'false',
              'aria-controls': `corriger-${fact.id}`,
            }),
        removed
          ? button('restore', 'Rétablir', 'fr-btn--tertiary')
          : button('remove', 'Retirer', 'fr-btn--tertiary'),
      ),
      el(
        'form',
        { class: 'vigie-fait__corriger', id: `corriger-${fact.id}`, 'data-fact-edit': fact.id, hidden: true },
        el(
          'div',
          { class: 'fr-input-group' },
          el('label', { class: 'fr-label', for: `valeur-${fact.id}`, text: 'Valeur corrigée' }),
          el('input', {
            class: 'fr-input',
            id: `valeur-${fact.id}`,
            name: 'value',
            value: fact.value,
            required: true,
            maxlength: '500',
          }),
        ),
        el('button', { type: 'submit', class: 'fr-btn fr-btn--sm', text: 'Enregistrer la correction' }),
        ' ',
        el('button', {
          type: 'button',
          class: 'fr-btn fr-btn--sm fr-btn--tertiary-no-outline',
          'data-action': 'cancel',
          text: 'Annuler',
        }),
      ),
    );
    return li;
  }

  /** Puts a fact in its type's group (created if needed), replacing its former version. */
  function placeFact(fact, isNew) {
    const node = factNode(fact);
    if (isNew) node.classList.add('vigie-nouveau');
    const former = document.getElementById(`fait-${fact.id}`);
    if (former) {
      former.replaceWith(node);
      return node;
    }
    let group = facts.querySelector(`section[data-type="${CSS.escape(fact.type)}"] ul`);
    if (!group) {
      const section = el(
        'section',
        { class: 'vigie-faits-groupe', 'data-type': fact.type, 'aria-labelledby': `type-${fact.type}` },
        el('h3', { class: 'fr-h6', id: `type-${fact.type}`, text: TYPES[fact.type] ?? fact.type }),
        el('ul', { class: 'vigie-faits' }),
      );
      facts.insertBefore(section, document.getElementById('faits-vide'));
      group = section.querySelector('ul');
    }
    group.append(node);
    document.getElementById('faits-vide').hidden = true;
    return node;
  }

  function messageNode(message) {
    return el(
      'li',
      {
        id: `message-${message.id}`,
        class: `vigie-msg vigie-msg--${message.author}${message.internal ? ' vigie-msg--interne' : ''} vigie-nouveau`,
        tabindex: '-1',
      },
      el(
        'p',
        { class: 'vigie-msg__auteur' },
        el('strong', { text: AUTHORS[message.author] ?? message.author }),
        ' ',
        message.internal
          ? el('span', { class: 'fr-badge fr-badge--sm fr-badge--warning', text: 'Note interne' })
          : null,
        el('span', {
          class: 'vigie-msg__date',
          text: dateFormat.format(new Date(message.at)).replace(',', ''),
        }),
      ),
      messageText(message),
    );
  }

  /** As the server renders it (fiche-facts.view.ts): the bot's list from its data, else one paragraph. */
  function messageText(message) {
    const list = message.author === 'bot' || message.author === 'system' ? message.list : null;
    if (!list) return el('p', { class: 'vigie-msg__texte', text: message.text });
    const items = Array.isArray(list.items) ? list.items : [];
    return el(
      'div',
      { class: 'vigie-msg__texte' },
      list.before ? el('p', { text: String(list.before) }) : null,
      el('ul', { class: 'vigie-msg__liste' }, ...items.map((item) => el('li', { text: String(item) }))),
      list.after ? el('p', { text: String(list.after) }) : null,
    );
  }

  function appendMessage(message) {
    if (document.getElementById(`message-${message.id}`)) return false;
    transcript.append(messageNode(message));
    transcript.scrollTop = transcript.scrollHeight;
    return true;
  }

  // Facts: one listener for every button and correction form of the list, present and future.
  facts?.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const item = button.closest('[data-fact]');
    const factId = item.dataset.fact;
    const action = button.dataset.action;
    const form = item.querySelector('form[data-fact-edit]');
    if (action === 'edit' || action === 'cancel') {
      const open = action === 'edit' && form.hidden;
      form.hidden = !open;
      item.querySelector('button[data-action="edit"]')?.setAttribute('aria-expanded', String(open));
      if (open) form.querySelector('input').focus();
      else item.querySelector('button[data-action="edit"]')?.focus();
      return;
    }
    button.disabled = true;
    try {
      const { fact } = await api('PATCH', `${base}/facts/${encodeURIComponent(factId)}`, { action });
      const node = placeFact(fact, false);
      node.querySelector('button[data-action]')?.focus();
      say(`Fait ${STATUS[fact.status] ?? fact.status}.`);
    } catch (error) {
      button.disabled = false;
      say(error.message);
      window.alert(error.message);
    }
  });

  facts?.addEventListener('submit', async (event) => {
    const form = event.target.closest('form[data-fact-edit]');
    if (!form) return;
    event.preventDefault();
    const value = form.elements.namedItem('value').value.trim();
    if (!value) return form.elements.namedItem('value').focus();
    try {
      const { fact } = await api('PATCH', `${base}/facts/${encodeURIComponent(form.dataset.factEdit)}`, {
        action: 'edit',
        value,
      });
      placeFact(fact, false).querySelector('button[data-action]')?.focus();
      say('Fait corrigé.');
    } catch (error) {
      window.alert(error.message);
    }
  });

  /** Wires a form: validates, sends, shows the API's French error in the form's alert zone. */
  function onSubmit(form, errorId, send) {
    if (!form) return;
    const box = document.getElementById(errorId);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const submitter = event.submitter;
      showError(box, null);
      for (const button of form.querySelectorAll('button')) button.disabled = true;
      try {
        await send(form, submitter);
      } catch (error) {
        showError(box, error.message);
        box?.scrollIntoView({ block: 'nearest' });
      } finally {
        for (const button of form.querySelectorAll('button')) button.disabled = false;
      }
    });
  }

  onSubmit(document.getElementById('ajout-fait'), 'ajout-fait-erreur', async (form) => {
    const value = form.elements.namedItem('value').value.trim();
    if (!value) throw new Error('Indiquez la valeur du fait.');
    const text = form.elements.namedItem('text').value.trim();
    const { fact } = await api('POST', `${base}/facts`, {
      type: form.elements.namedItem('type').value,
      value,
      ...(text && { text }),
    });
    placeFact(fact, true);
    form.reset();
    say('Fait ajouté.');
  });

  onSubmit(document.getElementById('question'), 'question-erreur', async (form) => {
    const field = form.elements.namedItem('text');
    const text = field.value.trim();
    if (!text) throw new Error('Écrivez la question avant de l’envoyer.');
    const { message } = await api('POST', `${base}/messages`, { text });
    appendMessage({ ...message, internal: false });
    field.value = '';
    say('Question envoyée au déclarant.');
  });

  onSubmit(document.getElementById('qualification'), 'qualification-erreur', async (form) => {
    const body = {};
    const field = (name) => form.elements.namedItem(name);
    const changed = (input) => input.value !== input.defaultValue;
    const selectChanged = (select) => [...select.options].some((o) => o.selected !== o.defaultSelected);
    if (selectChanged(field('category'))) body.category = field('category').value;
    const urgency = form.querySelector('input[name="urgency"]:checked');
    if (urgency && !urgency.defaultChecked) body.urgency = urgency.value;
    if (selectChanged(field('reliability')) || selectChanged(field('credibility'))) {
      const credibility = field('credibility').value;
      body.grading = {
        reliability: field('reliability').value || null,
        credibility: credibility ? Number(credibility) : null,
      };
    }
    const place = {};
    for (const name of ['communeInsee', 'address', 'landmark']) {
      if (changed(field(name))) place[name] = field(name).value.trim() || null;
    }
    if (Object.keys(place).length) body.place = place;
    if (Object.keys(body).length === 0) throw new Error('Rien n’a changé dans la qualification.');
    leaving = true;
    try {
      await api('PATCH', `${base}/qualification`, body);
    } catch (error) {
      leaving = false;
      throw error;
    }
    window.location.reload();
  });

  for (const form of document.querySelectorAll('form[data-transition]')) {
    const errorId = form.querySelector('[role="alert"]')?.id;
    onSubmit(form, errorId, async (form, submitter) => {
      const to = form.dataset.transition || submitter?.value;
      const body = { to };
      const reason = form.elements.namedItem('reason')?.value.trim();
      if (to === 'transmitted') {
        const unit = form.elements.namedItem('unit').value;
        if (!unit) throw new Error('Choisissez l’unité destinataire.');
        if (unit !== form.dataset.suggested) {
          if (!reason) {
            form.elements.namedItem('reason').focus();
            throw new Error('Indiquez la raison du choix d’une autre unité que celle proposée.');
          }
          body.unit = unit;
        }
      }
      if (to === 'rejected') {
        const motive = form.querySelector('input[name="motive"]:checked');
        if (!motive) {
          form.querySelector('input[name="motive"]').focus();
          throw new Error('Choisissez le motif du rejet.');
        }
        body.motive = motive.value;
      }
      if (reason) body.reason = reason;
      // Our own change comes back on the stream too, maybe before the answer: only one navigation.
      leaving = true;
      try {
        await api('POST', `${base}/transitions`, body);
      } catch (error) {
        leaving = false;
        throw error;
      }
      // Transmitted elsewhere, the report leaves the platform's scope: back to the inbox.
      if (to === 'transmitted') window.location.assign('/console/signalements');
      else window.location.reload();
    });
  }

  // Bound: the buttons the server sent disabled (a click before this script ran would have done nothing).
  for (const button of document.querySelectorAll('button[data-js][disabled]')) button.disabled = false;

  if (!window.EventSource) return;
  const source = new EventSource(`${base}/events`);
  source.addEventListener('message', (event) => {
    const data = JSON.parse(event.data);
    if (!appendMessage(data.message)) return;
    for (const fact of data.facts ?? []) placeFact(fact, true);
    if (data.message.author === 'citizen') say('Nouveau message du déclarant.');
  });
  source.addEventListener('report', () => {
    if (leaving) return;
    leaving = true;
    window.location.reload();
  });
  source.addEventListener('end', (event) => {
    source.close();
    if (leaving) return;
    const code = JSON.parse(event.data || '{}').code;
    window.location.assign(code === 'not_signed_in' ? '/console' : '/console/signalements');
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) api('GET', '/api/v1/auth/me').catch(() => {});
  });
})();
