import { Activity } from '@microsoft/agents-activity';
import { ActivityHandler, type TurnContext } from '@microsoft/agents-hosting';
import { botFrameworkCapabilities, renderReplies, systemTexts, type Reply } from '@griot/flows';
import { WrittenTexts } from '../channel/WrittenTexts.ts';
import type { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { ReplyDeliveryError } from './ReplyDeliveryError.ts';
import { readActivity, type IncomingActivity } from './readActivity.ts';
import { toActivities } from './toActivities.ts';
import type { ConversationReferences } from './conversationReferences.ts';

export interface GriotAgentOptions {
  conversations: MessagingConversations;
  /** The `botframework` binding's address. */
  bindingAddress: string;
  publicBaseUrl?: string;
  logger?: ChannelLogger;
  /** Where the conversation references go, for writing first later (an agent's reply). */
  references?: ConversationReferences;
}

/**
 * The thinnest agent the Agents SDK accepts: an activity in, the flow's turn, activities out.
 * No TurnState, no dialogs, no storage: the flow runtime owns the conversation's state, keyed
 * by the Bot Framework conversation id (`botframework:<conversation.id>`).
 */
export class GriotAgent extends ActivityHandler {
  private readonly logger: ChannelLogger;
  /** System texts in the flow's written language for a subscriber whose language has only recordings (Fon). */
  private readonly written = new WrittenTexts((locale) => systemTexts(locale));

  constructor(private readonly options: GriotAgentOptions) {
    super();
    this.logger = options.logger ?? silentLogger;
    this.onMessage(async (context, next) => {
      await this.answer(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.answer(context);
      await next();
    });
  }

  private async answer(context: TurnContext): Promise<void> {
    const activity = context.activity as unknown as IncomingActivity;
    const message = readActivity(activity, this.options.bindingAddress);
    if (!message) return;
    // An accepted activity (its token and serviceUrl checked): where an agent's reply may go later.
    await this.options.references?.remember(context.activity as never).catch((error: unknown) => {
      this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'the Bot Framework conversation reference could not be kept: agents cannot write first to it');
    });
    let replies: Reply[] = [];
    try {
      const outcome = await this.options.conversations.receiveOnce(message);
      if (outcome.kind === 'noBinding') {
        this.logger.warn({ address: this.options.bindingAddress }, 'Bot Framework message without a botframework binding');
      } else if (outcome.kind === 'unsupported') {
        replies = [{ type: 'text', text: this.written.for(this.options.bindingAddress, outcome.locale).unsupportedMessage }];
      } else if (outcome.kind === 'turn') {
        const flowId = outcome.turn.session?.flowId ?? outcome.binding.flowId;
        const base = this.options.publicBaseUrl?.replace(/\/+$/, '');
        replies = renderReplies(outcome.turn.effects ?? [], {
          capabilities: botFrameworkCapabilities(activity.channelId),
          audioUrl: (name) => (base ? `${base}/audio/${encodeURIComponent(flowId)}/${name.split('/').map(encodeURIComponent).join('/')}` : undefined),
          // A language without written words (Fon) has its menus labelled in the flow's default language.
          texts: (locale) => this.written.for(this.options.bindingAddress, locale, this.written.learn(this.options.bindingAddress, outcome.turn.flow?.locales)),
        }).replies;
      }
    } catch (error) {
      this.logger.error({ conversation: message.conversation, error: error instanceof Error ? error.message : String(error) }, 'Bot Framework turn failed');
      replies = [{ type: 'text', text: this.written.for(this.options.bindingAddress, this.options.conversations.localeOf(`botframework:${message.conversation}`)).technicalProblem }];
    }
    if (replies.length === 0) return;
    try {
      await context.sendActivities(toActivities(replies).map((a) => Activity.fromObject(a)));
    } catch (error) {
      throw new ReplyDeliveryError(context.activity.serviceUrl, error);
    }
  }
}
