/**
 * Whether an activity names an http(s) `serviceUrl` off this machine, where a bot running
 * anonymously (no app id, outside production) must not post its replies: anyone can post an
 * activity then, and the replies would go wherever it says (an internal address, a cloud's
 * metadata service). Offline testing (the Bot Framework Emulator, Web Chat on localhost) needs
 * nothing else. Literal loopback addresses only (and `localhost`): no name is resolved. Anything
 * that is no http(s) URL is left to the activity's own checks (400 `invalid_activity`).
 */
export function serviceUrlElsewhere(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname;
  return !(host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host));
}
