import { ChannelConfigError } from '../channel/ChannelConfigError.ts';

/** One source of `frame-ancestors`: a site's origin (`https://www.operator.bj`, `https://*.operator.bj`), a scheme, `*`, `'self'` or `'none'`. */
const SOURCE = /^(?:'self'|'none'|\*|https?:|https?:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?)$/i;

/**
 * Which sites may show the web chat in a frame of theirs (`WEBCHAT_FRAME_ANCESTORS`, the
 * `frame-ancestors` sources, space-separated). The chat is meant to sit on the operator's own
 * site, and holds no credential a framing site could abuse (a visitor's only key is the
 * conversation id in the page), so any site may by default (`*`); an operator names its sites
 * to keep others from dressing the chat up as theirs. A `ChannelConfigError` names a wrong value.
 */
export function readWebchatFrameAncestors(env: Record<string, string | undefined>): string {
  const value = env.WEBCHAT_FRAME_ANCESTORS?.trim();
  if (!value) return '*';
  const sources = value.split(/\s+/);
  const wrong = sources.find((source) => !SOURCE.test(source));
  if (wrong !== undefined) {
    throw new ChannelConfigError('WEBCHAT_FRAME_ANCESTORS', "each source is a site's origin such as https://www.operator.bj, a scheme (https:), *, 'self' or 'none'");
  }
  if (sources.includes("'none'") && sources.length > 1) throw new ChannelConfigError('WEBCHAT_FRAME_ANCESTORS', "'none' stands alone");
  return sources.join(' ');
}
