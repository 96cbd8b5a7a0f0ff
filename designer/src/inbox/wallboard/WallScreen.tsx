import { useEffect } from 'react';
import { userPresence } from '../../api/userPresence.ts';
import { useAgentConnection } from '../useAgentConnection.ts';
import { OperatorSystems } from '../OperatorSystems.tsx';
import { Wallboard } from './Wallboard.tsx';
import '../inbox.css';

/**
 * The wallboard alone on a wall screen (/agent/wallboard), under the operator's systems in trouble
 * if any (in red, large: a system down changes the queues): no top bar, no settings, the tiles
 * large and kept live by the agent API's connection, as on the supervisor's board. Still behind
 * the supervisor's login (the app shows the login page first). Meant to be left alone: its reads
 * keep the session signed in (the idle timeout does not end it; the 12-hour limit does).
 */
export function WallScreen() {
  useAgentConnection();
  useEffect(() => userPresence.hold(), []);
  return (
    <main className="wall-screen">
      <OperatorSystems wall />
      <Wallboard wall />
    </main>
  );
}
