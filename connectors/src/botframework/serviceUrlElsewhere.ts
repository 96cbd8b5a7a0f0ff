/**
 * Whether an activity's `serviceUrl` is anything but an http(s) URL on this machine, where a bot
 * running anonymously (no app id, outside production) must not post its replies: anyone can post
 * an activity then, and the replies would go wherever it says (an internal address, a cloud's
 * metadata service). Offline testing (the Bot Framework Emulator, Web Chat on localhost) needs
 * nothing else. Literal loopback addresses only (and `localhost`): no name is resolved. A missing
 * or non-string value, one that parses only against a base (`//evil.example/`), another scheme
 * (`evil.example:443` reads as the scheme `evil.example:`) are all elsewhere: refused, not guessed.
 */
export function serviceUrlElsewhere(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return true;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return true;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return true;
  const host = url.hostname;
  return !(host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host));
}
