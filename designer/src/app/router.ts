import { useSyncExternalStore } from 'react';
import { parseAdminRoute, type AdminRoute } from '../admin/adminRoutes.ts';

export type Route = { name: 'flows' } | { name: 'editor'; flowId: string } | AdminRoute | { name: 'notFound' };

const CHANGE = 'griot:navigate';

/** Reads the address bar: `/` is the flow list, `/flows/:id` the editor. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '' || pathname === '/flows' || pathname === '/login') return { name: 'flows' };
  const editor = /^\/flows\/([^/]+)\/?$/.exec(pathname);
  if (editor?.[1]) return { name: 'editor', flowId: decodeURIComponent(editor[1]) };
  return parseAdminRoute(pathname) ?? { name: 'notFound' };
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

export const editorPath = (flowId: string) => `/flows/${encodeURIComponent(flowId)}`;
