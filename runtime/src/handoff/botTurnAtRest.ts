import type { JsonValue } from '@griot/flows';
import type { BotTurn } from '@griot/connectors';
import type { SensitiveValues } from '../store/types.ts';
import type { SessionVault } from '../sensitive/SessionVault.ts';

/**
 * The bot's turn after an agent as a pending bot turn keeps it in the store until the channel took
 * it (an hour at most): sealed under GRIOT_DATA_KEY as the engine ran it. Without a data key it is
 * kept in clear, so each prompt that held a sensitive value (a PUK code, a balance) is kept in its
 * masked rendering, the one transcripts keep (`redacted`): a try from the store (after a restart,
 * on another instance) sends that. `asRun` tells whether what is kept is the turn as it ran.
 */
export function botTurnAtRest(vault: SessionVault, sessionKey: string, purpose: string, turn: BotTurn): { kept: SensitiveValues; asRun: boolean } {
  const sealed = vault.sealValue(sessionKey, purpose, turn as unknown as JsonValue);
  if (!('clear' in sealed) || !turn.effects.some((e) => e.type === 'say' && e.redacted !== undefined)) return { kept: sealed, asRun: true };
  const masked: BotTurn = {
    ...turn,
    effects: turn.effects.map((e) => {
      if (e.type !== 'say' || e.redacted === undefined) return e;
      const { redacted, ...said } = e;
      return { ...said, text: redacted };
    }),
  };
  return { kept: vault.sealValue(sessionKey, purpose, masked as unknown as JsonValue), asRun: false };
}
