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

  /** Outside a request: the binding id (from the session key) stands for the address. */
  render(to: ReplyTarget, effects: readonly Effect[], flowId: string, locales: Locales | undefined): Reply[] {
    return this.replies(`binding:${to.sessionKey.split(':')[1] ?? ''}`, effects, flowId, locales);
  }

  texts(address: string, locale: string | undefined): SystemTexts {
    return this.written.for(address, locale);
  }
}
