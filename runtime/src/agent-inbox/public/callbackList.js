// Callers waiting to be called back: oldest first, with what can be done next — take a pending
// one, mark a taken one done or failed, retry a failed one. With callbacks out, Griot places the
// call itself: the request says how that call goes, or why it failed, instead of a link to dial.
import { callbackCallText, griotCalls } from './callbackCallText.js';
import { el } from './dom.js';
import { clock, t } from './texts.js';

const STATUS = { pending: 'cbPending', taken: 'cbTaken', failed: 'cbFailed', done: 'cbDone' };

/**
 * @param {HTMLElement} root
 * @param {Array<{ id: string, number: string, queue: string, reason: string, status: string, attempts: number, agent?: string, requestedAt: string, lastCall?: object }>} requests
 * @param {{ me: string, act: (path: string) => void }} hooks
 */
export function renderCallbacks(root, requests, { me, act }) {
  if (requests.length === 0) {
    root.replaceChildren(el('li', { className: 'muted', textContent: t('none') }));
    return;
  }
  const action = (label, request, verb) =>
    el('button', { type: 'button', className: 'secondary', textContent: t(label), 'aria-label': `${t(label)} ${request.number}`, onclick: () => act(`/api/agent/callbacks/${request.id}/${verb}`) });
  root.replaceChildren(...requests.map((r) => {
    const call = callbackCallText(r, me);
    return el('li', { 'data-callback-id': r.id, 'data-status': r.status },
      el('div', {}, el('strong', { textContent: r.number }), ` · ${r.queue} · `, el('span', { className: `status ${r.status}`, textContent: t(STATUS[r.status] ?? r.status) })),
      el('div', { className: 'small' }, `${r.reason} · ${t('requested')} ${clock(r.requestedAt)} · ${r.attempts} ${t('attempts')}${r.agent ? ` · ${t('with')} ${r.agent === me ? t('you') : r.agent}` : ''}`),
      call ? el('p', { className: `call ${call.tone}`, 'data-call': r.lastCall.status }, call.text,
        call.detail ? el('small', { className: 'call-detail' }, ` ${t('callDetail')} ${call.detail}`) : null) : null,
      el('div', { className: 'actions' },
        r.status === 'pending' ? action('take', r, 'take') : null,
        r.status === 'taken' && r.agent === me && !griotCalls(r) ? el('a', { href: `tel:${r.number}`, textContent: t('call') }) : null,
        r.status === 'taken' ? [action('done', r, 'done'), action('failed', r, 'failed')] : null,
        r.status === 'failed' ? action('retry', r, 'retry') : null,
      ),
    );
  }));
}
