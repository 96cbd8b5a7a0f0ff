import type { TurnOutput } from '../../conversations/types.ts';
import type { AgentReplySender, ReplyTarget } from '../AgentReplySender.ts';

export type SentReply =
  | { kind: 'agent'; to: ReplyTarget; text: string; agent: string }
  | { kind: 'bot'; to: ReplyTarget; prompts: string[]; asks: string[] };

/** A test double for a messaging channel: keeps what would have been sent. */
export class RecordingReplySender implements AgentReplySender {
  readonly sent: SentReply[] = [];

  async sendAgentText(to: ReplyTarget, text: string, agent: string): Promise<void> {
    this.sent.push({ kind: 'agent', to, text, agent });
  }

  async sendBotTurn(to: ReplyTarget, turn: TurnOutput): Promise<void> {
    const prompts = turn.effects.flatMap((e) => (e.type === 'say' && e.text ? [e.text] : []));
    const asks = turn.effects.flatMap((e) => (e.type === 'ask' ? [e.node] : []));
    this.sent.push({ kind: 'bot', to, prompts, asks });
  }
}
