// Administration: accounts (create, disable), units and routing rules, through the admin JSON API.
// A new account's password and TOTP secret are shown once, in an alert, and never again.
(() => {
  if (!window.VigieConsole) return;
  const { api, showError } = window.VigieConsole;
  const list = (value) =>
    value
      .split(/[\s,;]+/)
      .map((item) => item.trim())
      .filter(Boolean);

  function onSubmit(id, send) {
    const form = document.getElementById(id);
    if (!form) return;
    const box = document.getElementById(`${id}-erreur`);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showError(box, null);
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        await send(form.elements);
      } catch (error) {
        showError(box, error.message);
      } finally {
        button.disabled = false;
      }
    });
  }

  onSubmit('form-compte', async (fields) => {
    const created = await api('POST', '/api/v1/admin/agents', {
      username: fields.namedItem('username').value.trim(),
      role: fields.namedItem('role').value,
      units: list(fields.namedItem('units').value.toUpperCase()),
    });
    document.getElementById('cree-username').textContent = created.username;
    document.getElementById('cree-password').textContent = created.password;
    document.getElementById('cree-secret').textContent = created.totpSecret;
    document.getElementById('cree-url').textContent = created.otpauthUrl;
    const shown = document.getElementById('compte-cree');
    shown.hidden = false;
    shown.focus();
    document.getElementById('form-compte').reset();
    // The table is rendered by the server: it lists the account at the next visit, the secret is gone.
  });

  onSubmit('form-unite', async (fields) => {
    const code = fields.namedItem('code').value.trim().toUpperCase();
    if (!code) throw new Error('Indiquez le code de l’unité.');
    await api('PUT', `/api/v1/admin/units/${encodeURIComponent(code)}`, {
      name: fields.namedItem('name').value.trim(),
      kind: fields.namedItem('kind').value,
      departements: list(fields.namedItem('departements').value.toUpperCase()),
      zone: fields.namedItem('zone').value,
      categories: [...document.querySelectorAll('#u-categories input:checked')].map((input) => input.value),
    });
    window.location.reload();
  });

  onSubmit('form-routage', async (fields) => {
    await api('PUT', '/api/v1/admin/routing', {
      category: fields.namedItem('category').value,
      departement: fields.namedItem('departement').value.trim().toUpperCase(),
      unit: fields.namedItem('unit').value,
    });
    window.location.reload();
  });

  onSubmit('form-direct', async (fields) => {
    await api('PUT', '/api/v1/admin/chat-settings', {
      maxChatsPerOperator: Number(fields.namedItem('maxChatsPerOperator').value),
      awayAfterMinutes: Number(fields.namedItem('awayAfterMinutes').value),
    });
    window.location.reload();
  });

  onSubmit('form-reponse', async (fields) => {
    const id = fields.namedItem('id').value;
    const body = {
      shortcut: fields.namedItem('shortcut').value.trim(),
      title: fields.namedItem('title').value.trim(),
      body: fields.namedItem('body').value.trim(),
    };
    if (id) await api('PUT', `/api/v1/admin/canned-answers/${encodeURIComponent(id)}`, body);
    else await api('POST', '/api/v1/admin/canned-answers', body);
    window.location.reload();
  });

  // "Modifier" fills the form with the answer; "Supprimer" asks first.
  document.addEventListener('click', async (event) => {
    const edit = event.target.closest('button[data-canned-edit]');
    const remove = event.target.closest('button[data-canned-delete]');
    if (edit) {
      const form = document.getElementById('form-reponse');
      form.elements.namedItem('id').value = edit.dataset.cannedEdit;
      form.elements.namedItem('shortcut').value = edit.dataset.shortcut;
      form.elements.namedItem('title').value = edit.dataset.title;
      form.elements.namedItem('body').value = edit.dataset.body;
      form.elements.namedItem('shortcut').focus();
    }
    if (remove && window.confirm('Supprimer cette réponse type ?')) {
      try {
        await api(
          'DELETE',
          `/api/v1/admin/canned-answers/${encodeURIComponent(remove.dataset.cannedDelete)}`,
          {},
        );
        window.location.reload();
      } catch (error) {
        showError(document.getElementById('admin-reponses-erreur'), error.message);
      }
    }
  });

  document.addEventListener('click', async (event) => {
    const disable = event.target.closest('button[data-disable]');
    const route = event.target.closest('button[data-route-category]');
    if (!disable && !route) return;
    const box = document.getElementById(disable ? 'admin-comptes-erreur' : 'admin-routage-erreur');
    const question = disable
      ? `Désactiver le compte « ${disable.dataset.disable} » ? Ses sessions prennent fin aussitôt.`
      : 'Retirer cette règle de routage ?';
    if (!window.confirm(question)) return;
    try {
      if (disable)
        await api('POST', `/api/v1/admin/agents/${encodeURIComponent(disable.dataset.disable)}/disable`, {});
      else
        await api(
          'DELETE',
          `/api/v1/admin/routing/${encodeURIComponent(route.dataset.routeCategory)}/${encodeURIComponent(route.dataset.routeDepartement)}`,
          {},
        );
      window.location.reload();
    } catch (error) {
      showError(box, error.message);
    }
  });
  // Bound: the buttons the server sent disabled (a click before this script ran would have done nothing).
  for (const button of document.querySelectorAll('button[data-js][disabled]')) button.disabled = false;
})();
