// The intervention sheet's "Imprimer" button (no inline handler: the CSP forbids it).
(() => {
  document.getElementById('imprimer')?.addEventListener('click', () => window.print());
})();
