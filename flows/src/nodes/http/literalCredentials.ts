import { parseTemplate } from '../../template/template.ts';
import type { HttpNode } from './schema.ts';

/** Request headers whose value is a credential (`Proxy-Authorization` is a routing header: refused already). */
const CREDENTIAL_HEADER = /^(authorization|cookie|(x-)?api-?key|x-[a-z0-9-]*(token|secret|password|api-?key))$/i;
/** Query parameters and JSON keys that carry a credential. */
const CREDENTIAL_NAME = /^(access_?token|refresh_?token|api_?key|apikey|token|secret|client_?secret|password|passwd)$/i;
/** The scheme before a credential in an Authorization header. */
const SCHEME = /^\s*(bearer|basic|token|apikey|api-key|digest)\b/i;
/** Fewer written characters than this are a separator or a name (`:`, `id=`), not a credential. */
const SHORTEST_CREDENTIAL = 8;

/** What a template writes out itself, each placeholder left out (`Bearer {{secret.T}}` → `Bearer `). */
const written = (template: string) =>
  parseTemplate(template)
    .parts.filter((part): part is string => typeof part === 'string')
    .join('');

const hasPlaceholder = (template: string) => parseTemplate(template).parts.some((part) => typeof part !== 'string');

/** Words a sample puts together to say what goes there (`YOUR_API_KEY`, `your-token-here`, `CHANGEME_TOKEN`, `<votre-jeton>`). */
const PLACEHOLDER_WORDS = new Set(
  'your my the a an this votre ton ta vos mon ma insert put enter paste replace change changeme with here ici me api app client user username account access auth bearer key keys token tokens secret secrets password passwd pass passphrase credential credentials id name value jeton cle clé mot de passe identifiant'.split(
    ' ',
  ),
);

/**
 * Text a documentation or a sample writes where the credential goes, which is none: one enclosed
 * in `<…>`, `[…]` or `{…}` (`<token>`, `[credentials]`), one character repeated (`xxx`, `****`),
 * or words of such a sample only, separated by `_`, `-`, `.` or spaces, all capitals or all small
 * letters (`YOUR_API_KEY`, `CHANGEME_TOKEN`, `your-token-here`). Anything else is taken for a
 * credential: a password of letters only (`mysecretpassword`, `Enterprise`, `MyCompanyPortal`) or
 * capitals with a word of a sample inside (`PASSKEYALPHABRAVO`) is one.
 */
function isPlaceholder(text: string): boolean {
  const trimmed = text.trim();
  if (/^(<[^<>]*>|\[[^[\]]*\]|\{[^{}]*\})$/.test(trimmed) || /^(.)\1*$/.test(trimmed)) return true;
  if (trimmed !== trimmed.toUpperCase() && trimmed !== trimmed.toLowerCase()) return false;
  const words = trimmed.toLowerCase().split(/[-_. ]+/);
  return words.every((word) => PLACEHOLDER_WORDS.has(word));
}

const isCredential = (text: string) => text.replace(/\s/g, '').length >= SHORTEST_CREDENTIAL && !isPlaceholder(text);

/**
 * Credentials written out in an `http` node (`Authorization: Bearer eyJ…`, `?api_key=…`,
 * `https://user:password@…`, `"client_secret": "…"` in a JSON body), rather than named as
 * `{{secret.NAME}}`: the flow is read by every viewer, its exports, its backups and its versions,
 * which are kept. Each with where it is written (a header name, a query parameter, a JSON key or
 * `user:password@`). A value built from placeholders (`Bearer {{accessToken}}`) is no written credential.
 */
export function literalCredentials(node: HttpNode): Array<{ field: string; where: string }> {
  const found: Array<{ field: string; where: string }> = [];
  for (const [name, value] of Object.entries(node.headers)) {
    if (!CREDENTIAL_HEADER.test(name.trim())) continue;
    // A value with a placeholder takes its credential from there (`SharedKey griot:{{secret.K}}`,
    // `OAuth oauth_token="{{secret.T}}"`, `lang=fr; SESSION={{secret.S}}`): what is written around
    // it is a scheme's names, other cookies. A value written out whole is judged.
    if (!hasPlaceholder(value) && isCredential(value.replace(SCHEME, ''))) found.push({ field: `headers.${name}`, where: name });
  }
  const url = written(node.url);
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i.exec(url.trim())?.[1];
  if (userinfo?.includes(':') && userinfo.slice(userinfo.indexOf(':') + 1) !== '') found.push({ field: 'url', where: 'user:password@' });
  const query = node.url.indexOf('?');
  if (query >= 0) {
    for (const pair of node.url
      .slice(query + 1)
      .split('#')[0]!
      .split('&')) {
      const at = pair.indexOf('=');
      const name = at < 0 ? pair : pair.slice(0, at);
      if (at >= 0 && CREDENTIAL_NAME.test(name.trim()) && isCredential(written(pair.slice(at + 1)))) found.push({ field: 'url', where: name });
    }
  }
  if (node.body !== undefined) {
    for (const m of node.body.matchAll(/"([A-Za-z_]+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
      if (CREDENTIAL_NAME.test(m[1] as string) && isCredential(written(m[2] as string))) found.push({ field: 'body', where: m[1] as string });
    }
  }
  return found;
}
