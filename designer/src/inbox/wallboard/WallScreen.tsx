import { useEffect } from 'react';
import { useUser } from '../../app/sessionStore.ts';
import { inboxSync } from '../inboxSync.ts';
import { startClock } from '../serverClock.ts';
import { Wallboard } from './Wallboard.tsx';
import '../inbox.css';

/**
 * The wallboard alone on a wall screen (/agent/wallboard): no top bar, no settings, the tiles
 * large and kept live by the agent API's connection, as on the supervisor's board. Still behind
 * the supervisor's login (the app shows the login page first).
 */
export function WallScreen() {
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
  return (
    <main className="wall-screen">
      <Wallboard wall />
    </main>
  );
}
