import { useEffect } from 'react';
import { useUser } from '../app/sessionStore.ts';
import { inboxSync } from './inboxSync.ts';
import { replyOutbox } from './replyOutbox.ts';
import { startClock } from './serverClock.ts';
import { watchLeaving } from './leavingPage.ts';

/**
 * The signed-in user's connection to the agent API (contacts, queues, events) and the server's
 * clock, open while the component that asks for them is shown: the agent app and the wall screen.
 * Replies left unsent go when the network or the live updates come back, whichever contact is open.
 */
export function useAgentConnection(): void {
  const username = useUser()?.username;
  useEffect(() => {
    if (!username) return;
    inboxSync.start(username);
    const stopClock = startClock();
    // Back from a network drop: read again what failed, and send the replies left unsent in any conversation.
    const online = () => {
      inboxSync.backOnline();
      replyOutbox.sendUnsent();
    };
    window.addEventListener('online', online);
    const stopResending = inboxSync.onReconnect(() => replyOutbox.sendUnsent());
    const stopWatchingLeaving = watchLeaving();
    return () => {
      stopWatchingLeaving();
      window.removeEventListener('online', online);
      stopResending();
      stopClock();
      inboxSync.stop();
      replyOutbox.clear();
    };
  }, [username]);
}
