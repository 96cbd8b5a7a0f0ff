import { useSyncExternalStore } from 'react';
import { parseAdminRoute, type AdminRoute } from '../admin/adminRoutes.ts';

export type Route =
  | { name: 'home' }
  | { name: 'flows' }
  | { name: 'editor'; flowId: string }
  | { name: 'inbox'; contactId?: string }
  | { name: 'supervision' }
  | { name: 'wallboard' }
  | AdminRoute
  | { name: 'notFound' };

const CHANGE = 'griot:navigate';

/**
 * Reads the address bar: `/` is where the user works (the flow list, or the inbox for agents),
 * `/flows/:id` the editor, `/agent` the agent inbox (`/agent/contacts/:id` with a contact open),
 * `/agent/supervision` the supervisor's board, `/agent/wallboard` its wallboard alone (a wall screen).
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
  if (pathname === '/agent/wallboard' || pathname === '/agent/wallboard/') return { name: 'wallboard' };
  return parseAdminRoute(pathname) ?? { name: 'notFound' };
}

/**
 * Asked before the page the app shows changes (a link, the back arrow, the browser's back
 * button): true lets the app go. The editor sets one while it has unsaved edits.
 */
export type LeaveGuard = (to: string) => boolean | Promise<boolean>;

let guard: LeaveGuard | null = null;
/** The path the app shows: the browser's back button changes the address before it can be asked. */
let shown: string | null = null;
let listening = false;

export function setLeaveGuard(next: LeaveGuard | null): void {
  guard = next;
}

function show(path: string): void {
  shown = path;
  window.dispatchEvent(new Event(CHANGE));
}

async function allowed(to: string): Promise<boolean> {
  if (!guard) return true;
  try {
    return await guard(to);
  } catch {
    return false;
  }
}

function onPopState(): void {
  const to = window.location.pathname;
  if (!guard || shown === null || to === shown) {
    show(to);
    return;
  }
  // Put the page being left back in the address bar while the editor is asked.
  const from = shown;
  window.history.pushState(null, '', from);
  void allowed(to).then((ok) => {
    if (!ok) return;
    window.history.pushState(null, '', to);
    show(to);
  });
}

function subscribe(onChange: () => void): () => void {
  if (!listening) {
    listening = true;
    shown = window.location.pathname;
    window.addEventListener('popstate', onPopState);
  }
  window.addEventListener(CHANGE, onChange);
  return () => window.removeEventListener(CHANGE, onChange);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => shown ?? window.location.pathname);
}

/** Goes to `path` in the app, once the page being left agrees (see setLeaveGuard). */
export async function navigate(path: string): Promise<boolean> {
  if (window.location.pathname === path) return true;
  if (!(await allowed(path))) return false;
  window.history.pushState(null, '', path);
  show(path);
  return true;
}

/** Puts another address in place of this one (a redirect: Back does not come here again). */
export function replaceRoute(path: string): void {
  if (window.location.pathname === path) return;
  window.history.replaceState(null, '', path);
  show(path);
}

export const editorPath = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;
export const INBOX_PATH = '/agent';
export const SUPERVISION_PATH = '/agent/supervision';
/** The wallboard alone, for a wall screen (`?mur=1` may be added: the same page). */
export const WALLBOARD_PATH = '/agent/wallboard';
export const contactPath = (contactId: string) => `/agent/contacts/${encodeURIComponent(contactId)}`;
