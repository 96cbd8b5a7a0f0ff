import { channelCapabilities, renderReplies, systemTexts, type Effect, type Reply, type SystemTexts } from '@griot/flows';
import { WrittenTexts } from '../channel/WrittenTexts.ts';
import type { ReplyTarget } from '../channel/Channel.ts';

type Locales = readonly { code: string }[];

/**
 * A turn's effects as the web chat page shows them (menus as buttons, recordings as links to
 * `/audio/…`), in the request that brought a message and outside it (an agent handing back).
 */
export class WebchatRendering {
  /** System texts in the flow's written language for a visitor whose language has only recordings (Fon). */
  private readonly written = new WrittenTexts((locale) => systemTexts(locale));

  constructor(private readonly publicBaseUrl?: string) {}

  /** `address` is the binding's: what the flow's written languages are remembered by. */
  replies(address: string, effects: readonly Effect[], flowId: string, locales: Locales | undefined): Reply[] {
    const base = (this.publicBaseUrl ?? '').replace(/\/+$/, '');
    return renderReplies([...effects], {
      capabilities: channelCapabilities.webchat,
      // A relative URL works on the page itself when no public URL is configured.
      audioUrl: (name) => `${base}/audio/${encodeURIComponent(flowId)}/${name.split('/').map(encodeURIComponent).join('/')}`,
      // A language without written words (Fon) has its menus labelled in the flow's default language.
      texts: (locale) => this.written.for(address, locale, this.written.learn(address, locales)),
    }).replies;
  }

  /**
   * What may be kept of a turn's replies once the contact is over: the same replies with each
   * prompt that held a sensitive value (a PUK code, a balance) in its masked rendering, the one
   * transcripts keep (`redacted`). Undefined when no prompt held one (the replies may be kept).
   */
  kept(address: string, effects: readonly Effect[], flowId: string, locales: Locales | undefined): Reply[] | undefined {
    if (!effects.some((e) => e.type === 'say' && e.redacted !== undefined)) return undefined;
    const masked = effects.map((e) => (e.type === 'say' && e.redacted !== undefined ? { ...e, text: e.redacted, redacted: undefined } : e));
    return this.replies(address, masked, flowId, locales);
  }

  /** Outside a request: the binding id (from the session key) stands for the address. */
  render(to: ReplyTarget, effects: readonly Effect[], flowId: string, locales: Locales | undefined): Reply[] {
    return this.replies(addressOf(to), effects, flowId, locales);
  }

  /** `kept`, outside a request. */
  keptOutside(to: ReplyTarget, effects: readonly Effect[], flowId: string, locales: Locales | undefined): Reply[] | undefined {
    return this.kept(addressOf(to), effects, flowId, locales);
  }

  texts(address: string, locale: string | undefined): SystemTexts {
    return this.written.for(address, locale);
  }
}

const addressOf = (to: ReplyTarget) => `binding:${to.sessionKey.split(':')[1] ?? ''}`;
