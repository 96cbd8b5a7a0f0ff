import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Flow, JsonValue } from '@griot/flows';
import type { Logger } from '../logger.ts';
import type { SealedValues, SessionRecord } from '../store/types.ts';
import { logKeyOf } from '../conversations/logKey.ts';
import type { DataKeyring } from './dataKeys.ts';
import { sensitiveNamesOf } from './sensitiveNames.ts';

type Values = Record<string, JsonValue>;

/**
 * How a session's sensitive variables (a PUK code, balances, Mobile Money transactions) are
 * kept. `seal` gives the record to store: those variables out of `session.vars`, in
 * `sensitive`, encrypted with AES-256-GCM under the current data key when there is one (in clear
 * otherwise), and dropped altogether once the contact has ended. `open` gives the engine the
 * record back with them in `session.vars`; values it cannot open (a key no longer configured, a
 * tampered record) are absent, so the flow goes on as if it had never fetched them.
 *
 * The session key is the cipher's additional data: a sealed blob copied onto another session
 * does not open.
 */
export class SessionVault {
  constructor(
    private readonly keys: DataKeyring | undefined,
    private readonly log: Logger,
  ) {}

  seal(flow: Flow, record: SessionRecord): SessionRecord {
    const { sensitive: stale, ...rest } = record;
    const names = sensitiveNamesOf(flow);
    const vars = record.session.vars;
    let kept: Values | undefined;
    let hidden: Values | undefined;
    for (const name of names) {
      if (!Object.hasOwn(vars, name)) continue;
      kept ??= { ...vars };
      hidden ??= {};
      hidden[name] = vars[name] as JsonValue;
      delete kept[name];
    }
    if (!kept || !hidden) return stale ? rest : record;
    const session = { ...record.session, vars: kept };
    // The contact is over: what it fetched goes with it, in the same write that ends it.
    if (record.session.status === 'ended') return { ...rest, session };
    return { ...rest, session, sensitive: this.keys ? this.encrypt(record.key, hidden) : { clear: hidden } };
  }

  open(record: SessionRecord): SessionRecord {
    const { sensitive, ...rest } = record;
    if (!sensitive) return record;
    const values = 'clear' in sensitive ? sensitive.clear : this.decrypt(record.key, sensitive);
    return { ...rest, session: { ...record.session, vars: { ...record.session.vars, ...values } } };
  }

  private encrypt(sessionKey: string, values: Values): SealedValues {
    const { id, key } = (this.keys as DataKeyring).current;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(sessionKey, 'utf8'));
    const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    return { alg: 'A256GCM', kid: id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  private decrypt(sessionKey: string, sealed: SealedValues): Values {
    const key = this.keys?.readable.get(sealed.kid);
    if (!key) return this.unreadable(sessionKey, sealed.kid, this.keys ? 'unknownKey' : 'noKey');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(sessionKey, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
      return JSON.parse(text) as Values;
    } catch {
      return this.unreadable(sessionKey, sealed.kid, 'notAuthentic');
    }
  }

  private unreadable(sessionKey: string, kid: string, reason: 'noKey' | 'unknownKey' | 'notAuthentic'): Values {
    this.log.warn(
      { event: 'session.sensitiveUnreadable', session: logKeyOf(sessionKey), kid, reason },
      reason === 'notAuthentic'
        ? 'the sensitive values of a session do not open with their key (altered, or sealed for another session): the flow goes on without them'
        : `the sensitive values of a session were sealed with data key ${kid}, which is not configured (GRIOT_DATA_KEY, GRIOT_DATA_KEY_PREVIOUS): the flow goes on without them`,
    );
    return {};
  }
}
