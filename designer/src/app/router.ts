import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'flows' }
  | { name: 'editor'; flowId: string }
  | { name: 'inbox'; contactId?: string }
  | { name: 'supervision' }
  | { name: 'notFound' };

const CHANGE = 'griot:navigate';

/**
 * Reads the address bar: `/` is where the user works (the flow list, or the inbox for agents),
 * `/flows/:id` the editor, `/agent` the agent inbox (`/agent/contacts/:id` with a contact open),
 * `/agent/supervision` the supervisor's board.
 */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '' || pathname === '/login') return { name: 'home' };
  if (pathname === '/flows' || pathname === '/flows/') return { name: 'flows' };
  const editor = /^\/flows\/([^/]+)\/?$/.exec(pathname);
  if (editor?.[1]) return { name: 'editor', flowId: decodeURIComponent(editor[1]) };
  if (pathname === '/agent' || pathname === '/agent/') return { name: 'inbox' };
  const contact = /^\/agent\/contacts\/([^/]+)\/?$/.exec(pathname);
  if (contact?.[1]) return { name: 'inbox', contactId: decodeURIComponent(contact[1]) };
  if (pathname === '/agent/supervision' || pathname === '/agent/supervision/') return { name: 'supervision' };
  return { name: 'notFound' };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(path: string): void {
  if (window.location.pathname === path) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
}

/** Puts another address in place of this one (a redirect: Back does not come here again). */
export function replaceRoute(path: string): void {
  if (window.location.pathname === path) return;
  window.history.replaceState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
}

export const editorPath = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;
export const INBOX_PATH = '/agent';
export const SUPERVISION_PATH = '/agent/supervision';
export const contactPath = (contactId: string) => `/agent/contacts/${encodeURIComponent(contactId)}`;
