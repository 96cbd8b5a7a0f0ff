// Griot web chat: talks to POST /chat/<bindingId>/messages and shows the replies; reads what
// comes outside its requests (an agent's words) from POST /chat/<bindingId>/updates. No build step.
(() => {
  const bindingId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] || '');
  const endpoint = `/chat/${encodeURIComponent(bindingId)}/messages`;
  const updates = `/chat/${encodeURIComponent(bindingId)}/updates`;
  const storageKey = `griot-chat:${bindingId}`;
  // The last pushed entry shown, so a page that comes back shows only what came meanwhile.
  const seenKey = `griot-chat-seen:${bindingId}`;
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  let conversationId = sessionStorage.getItem(storageKey) || undefined;
  let busy = false;

  // The page's own words in the conversation's language once the visitor chose it (the server
  // says it with each answer), else the browser's: English, or French (a language without
  // written words, Fon, reads the flow's written one: French here).
  const WORDS = {
    fr: { placeholder: 'Votre message…', send: 'Envoyer', label: 'Message', ended: '— fin de la conversation —' },
    en: { placeholder: 'Your message…', send: 'Send', label: 'Message', ended: '— end of the conversation —' },
  };
  const localeKey = `griot-chat-locale:${bindingId}`;
  let words = WORDS.fr;
  const speak = (locale) => {
    const language = String(locale || '')
      .toLowerCase()
      .startsWith('en')
      ? 'en'
      : 'fr';
    words = WORDS[language];
    document.documentElement.lang = language;
    input.placeholder = words.placeholder;
    form.querySelector('button[type="submit"]').textContent = words.send;
    form.querySelector('label').textContent = words.label;
  };
  speak(sessionStorage.getItem(localeKey) || navigator.language);

  const add = (className, build) => {
    const element = document.createElement('div');
    element.className = className;
    build(element);
    log.appendChild(element);
    log.scrollTop = log.scrollHeight;
    return element;
  };
  const bubble = (who, text) =>
    add(`bubble ${who}`, (e) => {
      e.textContent = text;
    });

  const show = (reply) => {
    if (reply.type === 'text') bubble('bot', reply.text);
    else if (reply.type === 'audio')
      add('bubble bot', (e) => {
        const a = document.createElement('audio');
        a.controls = true;
        a.src = reply.url;
        e.appendChild(a);
      });
    else if (reply.type === 'choice') {
      bubble('bot', reply.body);
      add('choices', (e) => {
        for (const option of reply.options) {
          const button = document.createElement('button');
          button.type = 'button';
          button.textContent = option.label;
          button.addEventListener('click', () => post({ option: option.id }, option.label));
          e.appendChild(button);
        }
      });
    }
  };

  // The server refused the message for now (429: too many from this conversation or address), in both languages.
  const slowDown = (seconds) => {
    const minutes = Math.ceil(seconds / 60);
    const fr = seconds < 90 ? `${seconds} secondes` : `${minutes} minutes`;
    const en = seconds < 90 ? `${seconds} seconds` : `${minutes} minutes`;
    return `Vous envoyez des messages un peu trop vite : merci de réessayer dans ${fr}.\nYou are sending messages a little too fast: please try again in ${en}.`;
  };

  // A random UUID; `crypto.randomUUID` exists only on secure pages (a chat served over plain HTTP still gets one).
  const newId = () => {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  // A message keeps its id until the server took it: sent again (Réessayer, Enter on the same
  // words, the same button), the server processes it once, and a first message stays in the
  // conversation it opened.
  let unsent = null;
  const idOf = (message) => {
    const key = JSON.stringify(message);
    if (!unsent || unsent.key !== key) unsent = { key, messageId: newId() };
    return unsent.messageId;
  };

  // What the visitor sends: their words or the button's label shown at once, then the message.
  function post(message, echo) {
    if (busy) return;
    send(message, echo ? bubble('me', echo) : null, echo);
  }

  async function send(message, mine, echo) {
    if (busy) return;
    busy = true;
    // Whatever the answer, earlier menus are stale now.
    const stale = [...log.querySelectorAll('.choices button:not([disabled])')];
    stale.forEach((b) => {
      b.disabled = true;
    });
    // Nothing was taken: the menu still stands, and the words typed come back to send again.
    const giveBack = () => {
      stale.forEach((b) => {
        b.disabled = false;
      });
      if (message.text && !input.value) input.value = message.text;
    };
    try {
      let response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...message, ...(conversationId ? { conversationId } : {}), messageId: idOf(message) }),
        });
      } catch {
        response = null;
      }
      // A proxy in front may answer in HTML: no JSON is not a crash.
      const body = response ? await response.json().catch(() => ({})) : {};
      if (response?.status === 429) {
        const seconds = Math.max(1, Number(response.headers.get('retry-after')) || Number(body.retryAfterSeconds) || 30);
        add('notice', (e) => {
          e.textContent = slowDown(seconds);
        });
        giveBack();
        return;
      }
      if (!response?.ok) {
        // Lost on the way or refused for now: the visitor sends it again, under the same id.
        mine?.remove();
        giveBack();
        const reason = response ? (body.error ? body.error.message : response.statusText) : 'connexion perdue / connection lost';
        add('notice', (e) => {
          e.textContent = `Message non envoyé (${reason}). Not sent. `;
          const again = document.createElement('button');
          again.type = 'button';
          again.textContent = 'Réessayer / Retry';
          again.addEventListener('click', () => {
            if (busy) return;
            e.remove();
            if (message.text) input.value = '';
            post(message, echo);
          });
          e.appendChild(again);
        });
        return;
      }
      unsent = null;
      if (conversationId !== body.conversationId) sessionStorage.removeItem(seenKey);
      conversationId = body.conversationId;
      sessionStorage.setItem(storageKey, conversationId);
      listen();
      if (body.locale) {
        sessionStorage.setItem(localeKey, body.locale);
        speak(body.locale);
      }
      body.replies.forEach(show);
      if (body.ended)
        add('notice', (e) => {
          e.textContent = words.ended;
        });
    } catch (error) {
      add('notice', (e) => {
        e.textContent = `Erreur : ${error.message}`;
      });
    } finally {
      busy = false;
    }
  }

  // What comes outside the visitor's requests (an agent's words, the bot once the agent hands
  // back), read by a long poll while the page is open: each entry shown once, by its id.
  const shownIds = new Set();
  let listening = false;
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  async function listen() {
    if (listening || !conversationId) return;
    listening = true;
    let failures = 0;
    while (conversationId) {
      const after = Number(sessionStorage.getItem(seenKey)) || 0;
      let response = null;
      try {
        response = await fetch(updates, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId, after }),
        });
      } catch {
        response = null;
      }
      // Nothing to read under this id (expired): the next message opens a conversation that is.
      if (response?.status === 404) break;
      const body = response?.ok ? await response.json().catch(() => null) : null;
      if (!body) {
        failures += 1;
        const told = Number(response?.headers.get('retry-after'));
        await pause(told > 0 ? told * 1000 : Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
        continue;
      }
      failures = 0;
      let seen = after;
      for (const message of body.messages) {
        seen = Math.max(seen, message.seq);
        if (shownIds.has(message.id)) continue;
        shownIds.add(message.id);
        message.replies.forEach(show);
        if (message.ended)
          add('notice', (e) => {
            e.textContent = words.ended;
          });
      }
      // The outbox started over (it expired): the page follows it.
      if (body.last < after) seen = body.last;
      sessionStorage.setItem(seenKey, String(seen));
    }
    listening = false;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    // While a message is on its way, the words stay in the box.
    if (!text || busy) return;
    input.value = '';
    post({ text }, text);
  });
  post({ open: true });
  listen();
})();
