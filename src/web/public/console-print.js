// The intervention sheet's "Imprimer" button (no inline handler: the CSP forbids it).
(() => {
  document.getElementById('imprimer')?.addEventListener('click', () => window.print());
  // Bound: the buttons the server sent disabled (a click before this script ran would have done nothing).
  for (const button of document.querySelectorAll('button[data-js][disabled]')) button.disabled = false;
})();
