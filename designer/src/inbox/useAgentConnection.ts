import { useEffect } from 'react';
import { useUser } from '../app/sessionStore.ts';
import { inboxSync } from './inboxSync.ts';
import { startClock } from './serverClock.ts';

/**
 * The signed-in user's connection to the agent API (contacts, queues, events) and the server's
 * clock, open while the component that asks for them is shown: the agent app and the wall screen.
 */
export function useAgentConnection(): void {
  const username = useUser()?.username;
  useEffect(() => {
    if (!username) return;
    inboxSync.start(username);
    const stopClock = startClock();
    return () => {
      stopClock();
      inboxSync.stop();
    };
  }, [username]);
}
