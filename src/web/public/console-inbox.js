// Live inbox: rows arrive, move to the top or leave over SSE (event "inbox"); a new report or answer is
// marked unread, counted in the title and a badge, announced to screen readers and, unless switched
// off, signalled by a short beep (console-common.js).
(() => {
  const rows = document.getElementById('inbox-rows');
  const table = document.getElementById('inbox-table');
  const labels = document.getElementById('inbox-labels');
  if (!rows || !table || !labels || !window.EventSource) return;
  const { api } = window.VigieConsole;
  const announce = document.getElementById('inbox-annonce');
  const badge = document.getElementById('inbox-nouveaux');
  const unreadCount = document.getElementById('inbox-non-lus');
  const empty = document.getElementById('inbox-vide');
  const soundButton = document.getElementById('inbox-son');
  const categories = JSON.parse(labels.dataset.categories || '{}');
  const urgencies = JSON.parse(labels.dataset.urgencies || '{}');
  const statuses = JSON.parse(labels.dataset.statuses || '{}');
  const filters = new URLSearchParams(window.location.search);
  const ALERT_KINDS = new Set(['report.arrived', 'report.replied', 'report.alert']);
  let fresh = 0;

  const dateFormat = window.VigieConsole.dateFormat;

  const { beep } = window.VigieConsole.alertSound(soundButton);

  function cell(content) {
    const td = document.createElement('td');
    if (content instanceof Node) td.append(content);
    else td.textContent = content;
    return td;
  }

  function badgeOf(text, variant) {
    const span = document.createElement('span');
    span.className = `fr-badge fr-badge--sm ${variant}`;
    span.textContent = text;
    return span;
  }

  function urgencyOf(item) {
    const label = urgencies[item.urgency] ?? item.urgency;
    if (item.emergency || item.urgency === 'immediate')
      return badgeOf(item.emergency ? 'Danger signalé' : label, 'fr-badge--error');
    if (item.urgency === 'elevee') return badgeOf(label, 'fr-badge--warning');
    return label;
  }

  /** The same row as the server's (inbox.view.ts). */
  function rowOf(item) {
    const tr = document.createElement('tr');
    tr.dataset.report = item.id;
    if (item.unread) tr.className = 'vigie-non-lu';
    const first = document.createElement('td');
    const link = document.createElement('a');
    link.className = 'fr-link';
    link.href = `/console/signalements/${encodeURIComponent(item.id)}`;
    link.textContent = dateFormat.format(new Date(item.createdAt)).replace(',', '');
    first.append(link);
    if (item.unread) first.append(' ', badgeOf('Non lu', 'fr-badge--new'));
    tr.append(
      first,
      cell(categories[item.category] ?? item.category),
      cell(item.communeName ?? item.commune ?? '—'),
      cell(item.departement ?? '—'),
      cell(urgencyOf(item)),
      cell(statuses[item.status] ?? item.status),
      cell(item.unit ?? '—'),
    );
    return tr;
  }

  /** Whether the page's filters would list this report (state and category; other filters: not live). */
  function listed(item) {
    if (filters.get('status') && filters.get('status') !== item.status) return false;
    if (filters.get('category') && filters.get('category') !== item.category) return false;
    for (const key of ['q', 'commune', 'from', 'to']) if (filters.get(key)) return false;
    return true;
  }

  function existing(id) {
    return [...rows.children].find((tr) => tr.dataset.report === id);
  }

  function refreshUnread() {
    if (unreadCount) unreadCount.textContent = String(rows.querySelectorAll('tr.vigie-non-lu').length);
    if (empty) empty.hidden = rows.children.length > 0;
  }

  function signal(kind) {
    fresh++;
    badge.textContent = `${fresh} nouveau${fresh > 1 ? 'x' : ''}`;
    badge.hidden = false;
    document.title = `(${fresh}) Signalements — Vigie`;
    announce.textContent = '';
    // A fresh text node, so that the same sentence twice is read twice.
    window.setTimeout(() => {
      announce.textContent =
        kind === 'report.replied' ? 'Nouvelle réponse d’un déclarant' : 'Nouveau signalement reçu';
    }, 50);
    beep();
  }

  function onEvent(event) {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    const current = existing(data.reportId);
    if (data.gone || data.kind === 'report.left' || !data.item || !listed(data.item)) {
      current?.remove();
      refreshUnread();
      return;
    }
    const row = rowOf(data.item);
    if (ALERT_KINDS.has(data.kind)) {
      current?.remove();
      row.classList.add('vigie-nouveau');
      rows.prepend(row);
      signal(data.kind);
    } else if (current) {
      current.replaceWith(row);
    }
    refreshUnread();
  }

  const source = new EventSource('/api/v1/reports/events');
  source.addEventListener('inbox', onEvent);
  // The server ended the stream: the session is over (logout, expiry, account disabled).
  source.addEventListener('end', () => {
    source.close();
    window.location.assign('/console');
  });
  // A refused reconnection (401, 404) closes the source: find out whether the session is still there.
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) api('GET', '/api/v1/auth/me').catch(() => {});
  });
})();
