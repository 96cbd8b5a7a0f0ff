// The agent inbox: queues and contacts live (Server-Sent Events), take, context and history,
// chat on messaging channels, release or close, callbacks and the supervisor's counts.
const TEXTS = {
  fr: { title: 'Conseillers', login: 'Connexion', username: 'Identifiant', password: 'Mot de passe', signIn: 'Se connecter', pick: 'Choisissez un contact.',
    supervision: 'Supervision', callbacks: 'Rappels', waiting: 'en attente', longest: 'attente max', busy: 'occupés', take: 'Prendre', release: 'Rendre au bot',
    close: 'Clôturer', send: 'Envoyer', transfer: 'Transférer', history: 'Historique', context: 'Contexte', callbackOffer: 'Proposer un rappel', done: 'Fait', failed: 'Échec',
    retry: 'Relancer', outcome: 'Résultat (ex. résolu)', queueName: 'File de destination', none: 'Aucun', badLogin: 'Identifiant ou mot de passe incorrect', with: 'avec' },
  en: { title: 'Agents', login: 'Sign in', username: 'Username', password: 'Password', signIn: 'Sign in', pick: 'Pick a contact.',
    supervision: 'Supervision', callbacks: 'Callbacks', waiting: 'waiting', longest: 'longest wait', busy: 'busy', take: 'Take', release: 'Back to the bot',
    close: 'Close', send: 'Send', transfer: 'Transfer', history: 'History', context: 'Context', callbackOffer: 'Offer a callback', done: 'Done', failed: 'Failed',
    retry: 'Retry', outcome: 'Outcome (e.g. resolved)', queueName: 'Target queue', none: 'None', badLogin: 'Wrong username or password', with: 'with' },
};
let lang = localStorage.getItem('griot.inbox.lang') || (navigator.language.startsWith('fr') ? 'fr' : 'en');
const t = (key) => TEXTS[lang][key] ?? key;
const $ = (sel) => document.querySelector(sel);
let selected = null;
let me = null;

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children.flat()) if (child != null) node.append(child);
  return node;
}
const minutes = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

async function api(method, path, body) {
  const response = await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin' });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(data?.error?.message || response.statusText), { status: response.status });
  return data;
}

function translate() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  $('#lang').value = lang;
}

async function renderQueues() {
  const queues = await api('GET', '/api/agent/queues');
  $('#queues').replaceChildren(...queues.map((q) => el('div', { className: 'queue' },
    el('h2', {}, el('span', { textContent: q.queue }), el('small', { textContent: `${q.waiting} ${t('waiting')} · ${t('longest')} ${minutes(q.longestWaitSeconds)}` })),
    q.contacts.length === 0 ? el('p', { className: 'muted', textContent: t('none') }) : null,
    q.contacts.map((c) => el('button', {
      className: `contact ${c.priority < 999 ? 'vip' : ''} ${c.status}`,
      onclick: () => { selected = c.id; renderDetail(); },
    }, el('strong', { textContent: c.callerNumber }), ` · ${c.channel} · ${minutes(c.waitSeconds)} `,
    c.callbackDue ? el('span', { className: 'due', textContent: '⏰' }) : null,
    el('br'), el('small', { textContent: `${c.reason}${c.agent ? ` · ${t('with')} ${c.agent}` : ''}` }))),
  )));
  const board = q => el('tr', {}, el('td', { textContent: q.queue }), el('td', { textContent: q.waiting }), el('td', { textContent: minutes(q.longestWaitSeconds) }), el('td', { textContent: q.agentsBusy.length }));
  $('#board').replaceChildren(el('tr', {}, ...['', t('waiting'), t('longest'), t('busy')].map((h) => el('th', { textContent: h }))), ...queues.map(board));
}

async function renderCallbacks() {
  const list = await api('GET', '/api/agent/callbacks');
  const open = list.filter((r) => r.status !== 'done');
  $('#callbacks').replaceChildren(...(open.length ? open : []).map((r) => el('li', {},
    `${r.number} · ${r.queue} · ${r.status} (${r.attempts}) `,
    r.status === 'pending' ? el('button', { className: 'secondary', textContent: t('take'), onclick: () => act(`/api/agent/callbacks/${r.id}/take`) }) : null,
    r.status === 'taken' ? [el('button', { className: 'secondary', textContent: t('done'), onclick: () => act(`/api/agent/callbacks/${r.id}/done`) }),
      el('button', { className: 'secondary', textContent: t('failed'), onclick: () => act(`/api/agent/callbacks/${r.id}/failed`) })] : null,
    r.status === 'failed' ? el('button', { className: 'secondary', textContent: t('retry'), onclick: () => act(`/api/agent/callbacks/${r.id}/retry`) }) : null,
  )));
}

async function act(path, body) {
  try {
    await api('POST', path, body ?? {});
  } catch (error) {
    alert(error.message);
  }
  await refresh();
}

async function renderDetail() {
  if (!selected) return;
  const { contact: c, messages } = await api('GET', `/api/agent/contacts/${selected}`);
  const mine = c.status === 'assigned' && c.agent === me.username;
  const vars = Object.entries(c.context.variables ?? {}).map(([k, v]) => el('li', { textContent: `${k}: ${JSON.stringify(v)}` }));
  const history = c.history.map((h) => el('li', { textContent: `${h.day} ${h.time} · ${h.channel} · ${h.reason} · ${h.outcome}${h.agent ? ` · ${h.agent}` : ''}` }));
  const input = el('textarea', { rows: 2 });
  const actions = el('div', { className: 'actions' },
    c.status === 'waiting' ? el('button', { textContent: t('take'), onclick: () => act(`/api/agent/contacts/${c.id}/take`) }) : null,
    c.status === 'waiting' ? el('button', { className: 'secondary', textContent: t('callbackOffer'), onclick: () => act(`/api/agent/contacts/${c.id}/callback`) }) : null,
    mine && c.channel !== 'voice' ? el('button', { className: 'secondary', textContent: t('release'), onclick: () => act(`/api/agent/contacts/${c.id}/release`) }) : null,
    c.status !== 'closed' ? el('button', { className: 'secondary', textContent: t('transfer'), onclick: () => { const queue = prompt(t('queueName')); if (queue) act(`/api/agent/contacts/${c.id}/transfer`, { queue }); } }) : null,
    c.status !== 'closed' ? el('button', { className: 'secondary', textContent: t('close'), onclick: () => { const outcome = prompt(t('outcome'), 'resolved'); if (outcome) act(`/api/agent/contacts/${c.id}/close`, { outcome }); } }) : null,
  );
  $('#detail').replaceChildren(
    el('h2', { textContent: `${c.callerNumber} · ${c.queue} · ${c.status}` }),
    el('p', { textContent: `${c.reason} · ${c.locale} · ${c.channel}` }),
    el('h2', { textContent: t('context') }), el('ul', {}, vars),
    el('h2', { textContent: t('history') }), history.length ? el('ul', {}, history) : el('p', { className: 'muted', textContent: t('none') }),
    c.channel !== 'voice' ? el('div', { className: 'messages' }, messages.map((m) => el('div', { className: `msg ${m.from}`, textContent: m.text }))) : null,
    mine && c.channel !== 'voice' ? el('form', { onsubmit: (e) => { e.preventDefault(); if (input.value.trim()) act(`/api/agent/contacts/${c.id}/messages`, { text: input.value }); } }, input, el('button', { textContent: t('send') })) : null,
    actions,
  );
}

let pending = null;
function refresh() {
  // Coalesce bursts of events into one re-read.
  pending ??= new Promise((resolve) => setTimeout(async () => {
    pending = null;
    await Promise.all([renderQueues(), renderCallbacks(), renderDetail()]).catch(() => {});
    resolve();
  }, 50));
  return pending;
}

async function start() {
  translate();
  try {
    me = await api('GET', '/api/auth/me');
  } catch {
    $('#login').hidden = false;
    return;
  }
  $('#login').hidden = true;
  $('#app').hidden = false;
  $('#who').textContent = me.displayName || me.username;
  await refresh();
  const events = new EventSource('/api/agent/events');
  for (const type of ['contact', 'message', 'callback', 'settings']) events.addEventListener(type, refresh);
}

$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  try {
    await api('POST', '/api/auth/login', { username: form.get('username'), password: form.get('password') });
    await start();
  } catch {
    $('#loginError').textContent = t('badLogin');
  }
});
$('#lang').addEventListener('change', (e) => {
  lang = e.target.value;
  localStorage.setItem('griot.inbox.lang', lang);
  translate();
  if (me) refresh();
});
start();
