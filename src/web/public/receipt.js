// Receipt page: a copy button, and a warning before leaving until "J'ai noté mon récépissé" is sent.
// The receipt is read from the page only; it is never written to storage, a URL or the console.
(() => {
  const receipt = document.getElementById('recepisse');
  const copyButton = document.getElementById('copier-recepisse');
  const state = document.getElementById('copie-etat');
  const form = document.getElementById('form-recepisse-note');
  let noted = false;

  if (receipt && copyButton && navigator.clipboard && window.isSecureContext) {
    copyButton.hidden = false;
    copyButton.addEventListener('click', () => {
      navigator.clipboard.writeText(receipt.getAttribute('data-recepisse') || '').then(
        () => {
          if (state) state.textContent = 'Récépissé copié. Collez-le dans un endroit sûr.';
        },
        () => {
          if (state) state.textContent = 'La copie a échoué : recopiez le récépissé à la main.';
        },
      );
    });
  }

  if (form)
    form.addEventListener('submit', () => {
      noted = true;
    });

  window.addEventListener('beforeunload', (event) => {
    // "Quitter rapidement" hides the page before leaving: never hold that exit back.
    if (noted || document.documentElement.hidden) return;
    event.preventDefault();
    event.returnValue = '';
  });
})();
