import { MASK } from '@griot/flows';

/**
 * Words that name a credential or a code in any operator's API (English and French): a key made of
 * them (`puk`, `pukCode`, `code_puk`, `PIN2`, `client_secret`, `x-api-key`, `motDePasse`) holds one.
 */
const SECRET_WORDS = new Set([
  'puk',
  'pin',
  'mpin',
  'pincode',
  'pukcode',
  'passcode',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'otp',
  'totp',
  'apikey',
  'authorization',
  'cvv',
  'cvc',
  'motdepasse',
  'mdp',
  'codepuk',
  'codepin',
  'securitycode',
  'privatekey',
  'credential',
  'cookie',
]);

/** Secret words whose plural is a list of them (`puks`, `pins`, `secrets`); not `tokens`, a quota as often (`tokens_left`). */
const PLURALS = new Set(['puk', 'pin', 'pukcode', 'pincode', 'passcode', 'password', 'secret', 'otp', 'credential', 'codepuk', 'codepin']);

/**
 * A last word that makes the key about a secret, not the secret itself: a tester needs `pinAttemptsLeft`,
 * `pukStatus`, `tokenType` or `passwordExpiresAt` (a count, a state, a date: nothing to guess from).
 */
const ABOUT_WORDS = new Set([
  'count',
  'attempt',
  'attempts',
  'left',
  'remaining',
  'tries',
  'retries',
  'expiry',
  'expires',
  'expiration',
  'type',
  'length',
  'status',
  'state',
  'set',
  'required',
  'enabled',
  'blocked',
  'locked',
  'valid',
  'at',
  'date',
]);

/** The longest key read for its words. */
export const MAX_KEY_CHARS = 128;

/** A key's words: `pukCode` → puk, code; `X-API-Key` → x, api, key; `PIN2` → pin2. */
function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a key names a secret or a code: one of its words is such a word (a number after it,
 * `puk1`, counts as the same), or two words in a row are (`api key`, `mot de passe`). Words only:
 * `shipping`, `opinion` or `tokenizer` are no `pin` nor `token`.
 */
export function isSecretKey(key: string): boolean {
  // No API names a credential in more: a longer key (a hostile body's, 250 kB of `AAAA…`) is not read.
  if (key.length > MAX_KEY_CHARS) return false;
  const words = wordsOf(key)
    .map((w) => w.replace(/\d+$/, ''))
    .map((w) => (w.endsWith('s') && PLURALS.has(w.slice(0, -1)) ? w.slice(0, -1) : w));
  if (words.length > 1 && ABOUT_WORDS.has(words[words.length - 1] as string)) return false;
  for (let i = 0; i < words.length; i++) {
    if (SECRET_WORDS.has(words[i] as string)) return true;
    if (SECRET_WORDS.has(`${words[i]}${words[i + 1] ?? ''}`)) return true;
    if (SECRET_WORDS.has(`${words[i]}${words[i + 1] ?? ''}${words[i + 2] ?? ''}`)) return true;
  }
  return false;
}

/** `key=value`, `key: value`, `"key": "value"` (form, query, headers, JSON not parsed, logs). */
const KEYED_VALUE = /(["']?)([A-Za-z][\w.-]{0,63})\1(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,"'<>}\]]+)/g;
/** `<puk>12345678</puk>` (XML, SOAP), with or without a namespace prefix. */
const XML_ELEMENT = /<((?:[\w.-]{1,64}:)?([\w.-]{1,64}))(\s[^<>]*)?>([^<]*)<\/\1>/g;

/**
 * A text (a body that is not JSON, a URL, a header) with the values under a secret's key masked,
 * as `key=•••`, `"key": "•••"` or `<key>•••</key>`; the rest as it was.
 */
export function maskSecretKeyedText(text: string): string {
  return text
    .replace(KEYED_VALUE, (whole, quote: string, key: string, sign: string, value: string) => {
      if (!isSecretKey(key)) return whole;
      const quoted = /^["']/.test(value) ? `${value[0]}${MASK}${value[0]}` : MASK;
      return `${quote}${key}${quote}${sign}${quoted}`;
    })
    .replace(XML_ELEMENT, (whole, tag: string, local: string, attributes: string | undefined, value: string) =>
      isSecretKey(local) && value.trim() !== '' ? `<${tag}${attributes ?? ''}>${MASK}</${tag}>` : whole,
    );
}
