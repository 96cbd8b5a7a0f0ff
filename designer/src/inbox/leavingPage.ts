import { agentApi } from '../api/agentApi.ts';

/**
 * Tells the server when this browser's last agent page (the inbox, the wall screen) goes away,
 * so its agent reads « Hors ligne » after 10 seconds rather than 60. The pages of one browser
 * know of each other through a BroadcastChannel: closing one tab of two sends nothing (the other
 * keeps its agent present). A reload sends it too; its new page is seen within those 10 seconds
 * and keeps the state chosen. A page that vanished without a word (a crash) counts as still open:
 * the 60-second grace applies then, never a wrong « Hors ligne ».
 */
export function watchLeaving(): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const me = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const others = new Set<string>();
  const channel = new BroadcastChannel('griot-agent-pages');
  channel.onmessage = (event: MessageEvent<{ kind: 'here' | 'here-too' | 'bye'; id: string }>) => {
    const { kind, id } = event.data ?? {};
    if (typeof id !== 'string' || id === me) return;
    if (kind === 'bye') others.delete(id);
    else others.add(id);
    if (kind === 'here') channel.postMessage({ kind: 'here-too', id: me });
  };
  channel.postMessage({ kind: 'here', id: me });
  const leaving = () => {
    channel.postMessage({ kind: 'bye', id: me });
    if (others.size === 0) agentApi.leftInbox();
  };
  // Back from the back-forward cache: present again, and known to the other pages.
  const back = (event: PageTransitionEvent) => {
    if (event.persisted) channel.postMessage({ kind: 'here', id: me });
  };
  window.addEventListener('pagehide', leaving);
  window.addEventListener('pageshow', back);
  return () => {
    window.removeEventListener('pagehide', leaving);
    window.removeEventListener('pageshow', back);
    channel.postMessage({ kind: 'bye', id: me });
    channel.close();
  };
}
