import { useAgentConnection } from '../useAgentConnection.ts';
import { Wallboard } from './Wallboard.tsx';
import '../inbox.css';

/**
 * The wallboard alone on a wall screen (/agent/wallboard): no top bar, no settings, the tiles
 * large and kept live by the agent API's connection, as on the supervisor's board. Still behind
 * the supervisor's login (the app shows the login page first).
 */
export function WallScreen() {
  useAgentConnection();
  return (
    <main className="wall-screen">
      <Wallboard wall />
    </main>
  );
}
