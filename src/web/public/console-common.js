// Police console, every page: the JSON client (same-origin, cookie session), "Se déconnecter", and the
// keep-alive that spares an officer at work the 15-minute idle logout. A 401 anywhere goes to sign-in.
(() => {
  const SIGN_IN = '/console';
  const KEEP_ALIVE_MS = 60_000;

  /** Thrown for an answer that is not 2xx: carries the API's French message and code. */
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /**
   * Calls the agent API. Writes always send JSON (the server refuses anything else from a browser).
   * Resolves with the parsed body; on 401 the session is over and the page goes to sign-in.
   */
  async function api(method, url, body) {
    const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (method !== 'GET') {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body ?? {});
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch {
      throw new ApiError(0, 'network', 'Le serveur ne répond pas : vérifiez la connexion puis réessayez.');
    }
    if (response.status === 401 && url !== '/api/v1/auth/login') {
      window.location.assign(SIGN_IN);
      throw new ApiError(401, 'not_signed_in', 'Session terminée.');
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = data?.error ?? {};
      throw new ApiError(response.status, error.code ?? 'error', error.message ?? 'La demande a échoué.');
    }
    return data;
  }

  /** Shows a message in a form's alert zone (role="alert": read out at once), or hides it. */
  function showError(box, message) {
    if (!box) return;
    const text = box.querySelector('p') ?? box;
    text.textContent = message ?? '';
    box.hidden = !message;
  }

  // Dates as officers read them: Paris time, day first.
  const dateFormat = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

  const SOUND_KEY = 'vigie-console-son';
  let audio = null;
  // Browsers start audio only after a gesture: the first key or click on the page unlocks it.
  const unlock = () => {
    try {
      audio ??= new AudioContext();
      if (audio.state === 'suspended') audio.resume();
    } catch {}
  };
  window.addEventListener('keydown', unlock, { once: true });
  window.addEventListener('pointerdown', unlock, { once: true });

  /** One tone (WebAudio: no sound file to fetch). */
  function tone(frequency, start, length) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + length + 0.05);
  }

  /**
   * The sound of the alerts, on by default, the officer's choice kept in this browser and shown on
   * `button` (aria-pressed). `beep()` is one short tone; `beep('danger')` three rising ones, that cannot
   * be mistaken for it. Without an audio device the page's other signals (badge, title, announcement)
   * remain.
   */
  function alertSound(button) {
    let soundOn = localStorage.getItem(SOUND_KEY) !== 'off';
    function beep(kind) {
      if (!soundOn) return;
      try {
        audio ??= new AudioContext();
        if (audio.state === 'suspended') audio.resume();
        const now = audio.currentTime;
        if (kind !== 'danger') tone(880, now, 0.35);
        else for (const [i, frequency] of [660, 880, 1100].entries()) tone(frequency, now + i * 0.18, 0.16);
      } catch {}
    }
    const show = () => {
      button.setAttribute('aria-pressed', String(soundOn));
      button.textContent = `Son des alertes : ${soundOn ? 'activé' : 'désactivé'}`;
    };
    if (button) {
      button.hidden = false;
      show();
      button.addEventListener('click', () => {
        soundOn = !soundOn;
        localStorage.setItem(SOUND_KEY, soundOn ? 'on' : 'off');
        show();
        if (soundOn) beep();
      });
    }
    return { beep };
  }

  window.VigieConsole = { api, showError, ApiError, dateFormat, alertSound };

  const logout = document.getElementById('console-logout');
  if (logout) {
    logout.addEventListener('click', async () => {
      logout.disabled = true;
      try {
        await api('POST', '/api/v1/auth/logout', {});
      } catch {
        // Signed out already, or the server is gone: the sign-in page is the right place either way.
      }
      window.location.assign(SIGN_IN);
    });
    logout.disabled = false;

    // Keep-alive: activity on the page renews the session at most once a minute.
    let lastPing = Date.now();
    const ping = () => {
      const now = Date.now();
      if (now - lastPing < KEEP_ALIVE_MS) return;
      lastPing = now;
      api('GET', '/api/v1/auth/me').catch(() => {});
    };
    for (const type of ['keydown', 'mousedown', 'mousemove', 'input', 'scroll']) {
      window.addEventListener(type, ping, { passive: true, capture: true });
    }
  }
})();
