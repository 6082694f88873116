// Console sign-in: posts identifier, password and TOTP code as JSON; French errors in an alert.
(() => {
  const form = document.getElementById('login-form');
  const box = document.getElementById('login-erreur');
  const { api, showError } = window.VigieConsole ?? {};
  if (!form || !api) return;
  const submit = document.getElementById('login-submit');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      username: String(data.get('username') ?? '').trim(),
      password: String(data.get('password') ?? ''),
      totp: String(data.get('totp') ?? '').replace(/\s/g, ''),
    };
    if (!body.username || !body.password || !body.totp) {
      showError(box, 'Renseignez l’identifiant, le mot de passe et le code de vérification.');
      const empty = [...form.querySelectorAll('input')].find((input) => !input.value);
      empty?.focus();
      return;
    }
    submit.disabled = true;
    showError(box, null);
    try {
      await api('POST', '/api/v1/auth/login', body);
      // The sign-in page sends each role to its home (the inbox; the administration for the admin).
      window.location.assign('/console');
    } catch (error) {
      const message =
        error.status === 401
          ? 'Identifiant, mot de passe ou code de vérification incorrect.'
          : error.status === 429
            ? 'Trop de tentatives : patientez quelques minutes avant de réessayer.'
            : error.message;
      showError(box, message);
      form.elements.namedItem('totp').value = '';
      form.elements.namedItem(error.status === 401 ? 'password' : 'totp').focus();
    } finally {
      submit.disabled = false;
    }
  });
  // Bound: the buttons the server sent disabled (a click before this script ran would have done nothing).
  for (const button of document.querySelectorAll('button[data-js][disabled]')) button.disabled = false;
})();
