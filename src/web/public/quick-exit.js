// "Quitter rapidement": leave for a neutral page and replace the current history entry, so the
// Back button does not come back here. Also triggered by pressing Escape twice.
// Nothing is requested from the neutral site until the person actually leaves.
(() => {
  const DOUBLE_ESCAPE_MS = 1500;
  let lastEscape = 0;

  function exitLink() {
    return document.getElementById('quitter-rapidement');
  }

  function leave() {
    const link = exitLink();
    const target = link?.dataset.neutre || 'https://www.google.fr/search?q=m%C3%A9t%C3%A9o';
    // The session ends on the server too (the link's own address), even if the page is gone by then.
    if (link && navigator.sendBeacon) navigator.sendBeacon(link.getAttribute('href'));
    // Hide the page at once: the neutral site may take a moment to load on a slow line.
    document.documentElement.hidden = true;
    document.title = 'Météo';
    window.location.replace(target);
  }

  document.addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const link = target.closest('#quitter-rapidement, [data-quitter-rapidement]');
    if (!link) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    leave();
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' && event.key !== 'Esc') return;
    const now = Date.now();
    if (now - lastEscape < DOUBLE_ESCAPE_MS) {
      leave();
    } else {
      lastEscape = now;
    }
  });

  // A page restored from the back/forward cache after leaving must not show its content again.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && document.documentElement.hidden) leave();
  });
})();
