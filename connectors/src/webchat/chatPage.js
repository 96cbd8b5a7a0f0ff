// Griot web chat: talks to POST /chat/<bindingId>/messages and shows the replies. No build step.
(() => {
  const bindingId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] || '');
  const endpoint = `/chat/${encodeURIComponent(bindingId)}/messages`;
  const storageKey = `griot-chat:${bindingId}`;
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  let conversationId = sessionStorage.getItem(storageKey) || undefined;
  let busy = false;

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
          button.addEventListener('click', () => {
            bubble('me', option.label);
            send({ option: option.id });
          });
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

  async function send(message) {
    if (busy) return;
    busy = true;
    // Whatever the answer, earlier menus are stale now.
    const stale = [...log.querySelectorAll('.choices button:not([disabled])')];
    stale.forEach((b) => {
      b.disabled = true;
    });
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...message, ...(conversationId ? { conversationId } : {}), messageId: crypto.randomUUID() }),
      });
      // A proxy in front may answer in HTML: no JSON is not a crash.
      const body = await response.json().catch(() => ({}));
      if (response.status === 429) {
        const seconds = Math.max(1, Number(response.headers.get('retry-after')) || Number(body.retryAfterSeconds) || 30);
        add('notice', (e) => {
          e.textContent = slowDown(seconds);
        });
        // Nothing was taken: the menu still stands, and the words typed come back to send again.
        stale.forEach((b) => {
          b.disabled = false;
        });
        if (message.text && !input.value) input.value = message.text;
        return;
      }
      if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
      conversationId = body.conversationId;
      sessionStorage.setItem(storageKey, conversationId);
      body.replies.forEach(show);
      if (body.ended)
        add('notice', (e) => {
          e.textContent = '— fin de la conversation —';
        });
    } catch (error) {
      add('notice', (e) => {
        e.textContent = `Erreur : ${error.message}`;
      });
    } finally {
      busy = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    bubble('me', text);
    send({ text });
  });
  send({ open: true });
})();
