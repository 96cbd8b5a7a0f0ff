// The agent inbox: sign-in, then queues, the selected contact, callbacks and (for supervisors)
// the per-queue counts, all kept live by the Server-Sent Events of /api/agent/events. The
// listing is read once (and again after a reconnection or a change of queue settings); each
// contact event then reads that one contact, so a change reaches the page in one small request
// whatever the number of waiting contacts. Supervisors also set each queue's hours and callback
// rules here.
import { api } from './api.js';
import { renderCallbacks } from './callbackList.js';
import { ContactDetail } from './contactDetail.js';
import { callbackCallText } from './callbackCallText.js';
import { InboxState } from './inboxState.js';
import { QueueList } from './queueList.js';
import { QueueSettingsPanel } from './queueSettingsPanel.js';
import { SupervisorBoard } from './supervisorBoard.js';
import { t, texts } from './texts.js';

const $ = (selector) => document.querySelector(selector);
const WORKING_ROLES = ['agent', 'supervisor', 'admin'];

const state = new InboxState();
const unread = new Set();
let me = null;
let events = null;

const username = () => me?.username ?? '';
const isSupervisor = () => Boolean(me && (me.roles.includes('supervisor') || me.roles.includes('admin')));

const queueList = new QueueList($('#queues'), state, { me: username, selected: () => detail.id, unread, onSelect: (id) => select(id, { focus: true }), onTakeNext: takeNext });
const detail = new ContactDetail($('#detail'), state, { me: username, supervisor: isSupervisor, act });
const board = new SupervisorBoard($('#board'), state);
const settingsPanel = new QueueSettingsPanel($('#queueSettings'), state, { save: saveSettings, failed });

/** Runs `task` once at a time; calls made while it runs fold into one more run after it. */
function coalesce(task) {
  let running = null;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await task().catch(failed);
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  };
  return run;
}

/** One coalesced reader per contact: a burst of events on a contact costs at most two reads. */
const contactReaders = new Map();
function refreshContact(id) {
  if (!contactReaders.has(id)) contactReaders.set(id, coalesce(() => readContact(id)));
  return contactReaders.get(id)().finally(() => {
    if (!state.get(id) && detail.id !== id) contactReaders.delete(id);
  });
}

async function readContact(id) {
  try {
    const { contact, messages } = await api('GET', `/api/agent/contacts/${encodeURIComponent(id)}`);
    showChanges(state.upsert(contact));
    detail.update(contact, messages);
  } catch (error) {
    if (error.status !== 404) throw error;
    showChanges(state.remove(id));
  }
}

function showChanges(queues) {
  if (queues.length === 0) return;
  queueList.render(queues);
  renderSupervision();
}

function renderSupervision() {
  if (!isSupervisor()) return;
  board.render();
  settingsPanel.render();
}

/** Replaces a queue's settings; the queue's callback marks follow at once (the form shows the answer). */
async function saveSettings(queue, body) {
  notice('');
  const settings = await api('PUT', `/api/agent/queues/${encodeURIComponent(queue)}/settings`, body);
  state.settings.set(queue, settings);
  queueList.render([queue]);
  board.render();
  return settings;
}

const resync = coalesce(async () => {
  state.beginListing();
  const [queues] = await Promise.all([api('GET', '/api/agent/queues'), loadCallbacks()]);
  queueList.render([...state.applyListing(queues)]);
  renderSupervision();
  if (detail.id) await refreshContact(detail.id);
});

const loadCallbacks = coalesce(async () => {
  const lists = await Promise.all(['pending', 'taken', 'failed'].map((status) => api('GET', `/api/agent/callbacks?status=${status}`)));
  const before = new Map(state.callbacks.map((r) => [r.id, r]));
  state.callbacks = lists.flat().sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  drawCallbacks();
  announceCallbackCalls(before);
  queueList.render([]);
  renderSupervision();
});

/** Tells the agent how Griot's call for their callback goes (ringing, put through, failed and why) as it changes. */
function announceCallbackCalls(before) {
  for (const request of state.callbacks) {
    if (request.agent !== username() || !request.lastCall) continue;
    const previous = before.get(request.id);
    // Only changes seen here: reading the list the first time says nothing.
    if (!previous || (previous.status === request.status && previous.lastCall?.status === request.lastCall.status && previous.lastCall?.attempt === request.lastCall.attempt)) continue;
    const said = callbackCallText(request, username());
    if (said) announce(said.text);
  }
}

function drawCallbacks() {
  // Keep the keyboard where it was when the list is redrawn under it.
  const focused = document.activeElement?.closest?.('#callbacks') ? document.activeElement.getAttribute('aria-label') : null;
  renderCallbacks($('#callbacks'), state.callbacks, { me: username(), act });
  if (focused) [...$('#callbacks').querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === focused)?.focus();
}

function notice(message) {
  $('#notice').textContent = message ?? '';
}

function announce(message) {
  $('#announce').textContent = message;
}

function failed(error) {
  if (error?.status === 401) return signedOut();
  notice(error?.message ?? String(error));
}

/** POSTs an agent action, then reads what it changed without waiting for the event that follows. */
async function act(path, body) {
  notice('');
  try {
    await api('POST', path, body ?? {});
  } catch (error) {
    failed(error);
    return false;
  }
  const contactId = /^\/api\/agent\/contacts\/([^/]+)\//.exec(path)?.[1];
  if (contactId) void refreshContact(decodeURIComponent(contactId));
  if (path.includes('/callback')) void loadCallbacks();
  return true;
}

async function select(id, { focus = false } = {}) {
  const previous = detail.id;
  unread.delete(id);
  detail.show(id, { focus });
  queueList.render([state.queueOf.get(previous), state.queueOf.get(id)].filter(Boolean));
  await refreshContact(id);
}

/** Takes the first waiting contact of a queue that nobody else took first. */
async function takeNext(queue) {
  notice('');
  for (const contact of state.contactsOf(queue).filter((c) => c.status === 'waiting').slice(0, 5)) {
    try {
      await api('POST', `/api/agent/contacts/${encodeURIComponent(contact.id)}/take`, {});
      await select(contact.id, { focus: true });
      return;
    } catch (error) {
      if (error.status !== 409) return failed(error);
    }
  }
  await resync();
}

function onContactEvent(change) {
  if (change.status === 'closed') showChanges(state.remove(change.id));
  else if (change.status === 'waiting' && state.get(change.id)?.status !== 'waiting') announce(`${t('announceWaiting')} ${change.queue}`);
  if (change.status !== 'closed' || detail.id === change.id) void refreshContact(change.id);
}

function onMessageEvent(change) {
  if (detail.id === change.id) return void refreshContact(change.id);
  const contact = state.get(change.id);
  if (contact?.status === 'assigned' && contact.agent === username() && !unread.has(change.id)) {
    unread.add(change.id);
    queueList.render([contact.queue]);
    announce(`${t('announceMessage')} ${contact.callerNumber}`);
  }
}

function listen() {
  events?.close();
  events = new EventSource('/api/agent/events');
  // The stream is subscribed on the server before it opens: reading the listing then misses nothing.
  events.addEventListener('open', () => {
    notice('');
    void resync();
  });
  events.addEventListener('error', async () => {
    if (events.readyState === EventSource.CONNECTING) return notice(t('connection'));
    // Closed for good (the session ended, or the server refused): check who we are, then retry.
    notice(t('connection'));
    try {
      await api('GET', '/api/auth/me');
      setTimeout(listen, 3000);
    } catch (error) {
      failed(error);
    }
  });
  const handle = (type, handler) => events.addEventListener(type, (message) => {
    const change = JSON.parse(message.data);
    state.noteServerTime(change.at);
    handler(change);
  });
  handle('contact', onContactEvent);
  handle('message', onMessageEvent);
  handle('callback', () => void loadCallbacks());
  handle('settings', () => void resync());
}

function translate() {
  document.documentElement.lang = texts.lang;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  $('#lang').value = texts.lang;
}

function signedOut() {
  events?.close();
  events = null;
  me = null;
  unread.clear();
  detail.clear();
  $('#app').hidden = true;
  $('#signOut').hidden = true;
  $('#who').textContent = '';
  $('#login').hidden = false;
  $('#login input[name="username"]').focus();
}

async function start() {
  translate();
  try {
    ({ user: me } = await api('GET', '/api/auth/me'));
  } catch {
    return signedOut();
  }
  $('#login').hidden = true;
  $('#signOut').hidden = false;
  $('#who').textContent = me.displayName || me.username;
  if (!me.roles.some((role) => WORKING_ROLES.includes(role))) {
    $('#noRole').hidden = false;
    return;
  }
  $('#app').hidden = false;
  $('#supervision').hidden = !isSupervisor();
  listen();
}

setInterval(() => {
  if (!me) return;
  queueList.tick();
  detail.tick();
  if (isSupervisor()) board.render();
}, 1000);

$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  try {
    await api('POST', '/api/auth/login', { username: form.get('username'), password: form.get('password') });
  } catch {
    $('#loginError').textContent = t('badLogin');
    return;
  }
  $('#loginError').textContent = '';
  e.target.reset();
  await start();
});
$('#signOut').addEventListener('click', async () => {
  await api('POST', '/api/auth/logout').catch(() => {});
  $('#noRole').hidden = true;
  signedOut();
});
$('#lang').addEventListener('change', (e) => {
  texts.lang = e.target.value;
  translate();
  queueList.reset();
  detail.reset();
  board.translate();
  board.render();
  settingsPanel.translate();
  drawCallbacks();
});
start();
