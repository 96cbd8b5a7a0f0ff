import { sensitivityOf, type Flow, type JsonValue } from '@griot/flows';
import type { Logger } from '../logger.ts';
import type { SealedValues, SensitiveValues, SessionRecord } from '../store/types.ts';
import { logKeyOf } from '../conversations/logKey.ts';
import type { DataKeyring } from './dataKeys.ts';
import { sensitiveNamesOf } from './sensitiveNames.ts';
import { holdersOf } from './holdsSensitiveValue.ts';
import { maskSecretKeyed, secretKeyRemembered, setOwn } from './maskSecretKeyed.ts';
import { openJson, sealJson } from './dataCipher.ts';
import { hash, hkdfSync, type KeyObject } from 'node:crypto';
import { HmacKey } from '@griot/connectors';

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

  /** Whether `sealValue` seals (a data key is configured), rather than keeping the value in clear. */
  get seals(): boolean {
    return this.keys !== undefined;
  }

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
    // A plain variable (kept in clear) holding a value under a secret's key (`segment.pukCode`: the
    // backend answered an object where the flow expected a word) is kept with them too: the flow
    // reads it whole while the contact lives, the row, a backup and a crash mid-call find no PUK;
    // the ended session keeps it with that value masked, as the simulator and agents see it.
    const secret = secretKeyRemembered();
    const keyed = Object.entries(kept ?? vars)
      .filter(([name, value]) => !names.has(name) && maskSecretKeyed(value, secret) !== value)
      .map(([name]) => name);
    if ((!kept || !hidden) && keyed.length === 0) return stale ? rest : record;
    kept ??= { ...vars };
    hidden ??= {};
    const session = { ...record.session, vars: kept };
    // A variable holding one of those values that lint could not see as a copy (a second look-up's
    // whole answer) is as sensitive: sealed with them while the contact lives (a backup or a crash
    // mid-call finds no plain copy in the row; `open` gives it back to the flow), and gone with them
    // in the same write that ends it. Found from the marked values only, not from each other.
    const holders = holdersOf(kept, hidden, sensitivityOf(flow).clearParts);
    if (record.session.status === 'ended') {
      for (const name of holders) delete kept[name];
      for (const name of keyed) if (!holders.includes(name)) setOwn(kept, name, maskSecretKeyed(kept[name] as JsonValue, secret));
      if (holders.length > 0) {
        this.log.warn(
          { event: 'session.sensitiveCopyDropped', session: logKeyOf(record.key), flowId: record.session.flowId, flowVersion: record.session.flowVersion, variables: holders },
          'variables holding a sensitive value of the ended contact are not kept with it (mark them sensitive in the flow)',
        );
      }
      return { ...rest, session };
    }
    for (const name of new Set([...holders, ...keyed])) {
      setOwn(hidden, name, kept[name] as JsonValue);
      delete kept[name];
    }
    return { ...rest, session, sensitive: this.keys ? this.encrypt(record.key, hidden) : { clear: hidden } };
  }

  open(record: SessionRecord): SessionRecord {
    const { sensitive, ...rest } = record;
    if (!sensitive) return record;
    const values = 'clear' in sensitive ? sensitive.clear : this.decrypt(record.key, sensitive);
    return { ...rest, session: { ...record.session, vars: { ...record.session.vars, ...values } } };
  }

  /**
   * Any value of a live contact kept outside its session (a slow look-up's request, the turn
   * that followed it: `PendingContinuation`), sealed like its sensitive variables: under the
   * current data key, or in clear without one. `purpose` keeps blobs of one session apart.
   */
  sealValue(sessionKey: string, purpose: string, value: JsonValue): SensitiveValues {
    return this.keys ? sealJson(this.keys, `${sessionKey}#${purpose}`, value) : { clear: { value } };
  }

  /**
   * A short fingerprint of `text` (a call's event, `SessionRecord.answer`), kept in clear beside
   * what it fingerprints: keyed with a key derived from the current data key when there is one
   * (the typed digits of a PIN or a PUK are a few thousand guesses from an unkeyed hash), a plain
   * hash otherwise (then the session's values are in clear anyway). Every instance shares the keys,
   * so any of them compares; a key rotated in between makes the fingerprints differ (refused).
   */
  fingerprint(text: string): string {
    // One-shot hashes (`crypto.hash`, `HmacKey`): the same digest as `createHash`/`createHmac`, without
    // their native objects for every call turn (`createHash` and its `update`/`digest` were ~1 % of a call's
    // main thread one call at a time, issue 17).
    const key = this.keys?.current.key;
    const digest = key ? fingerprintKey(key).digest('', text).toString('base64url') : hash('sha256', text, 'base64url');
    return digest.slice(0, 22);
  }

  /** The value `sealValue` sealed; undefined when it does not open (a key no longer configured, an altered blob). */
  openValue(sessionKey: string, purpose: string, sealed: SensitiveValues): JsonValue | undefined {
    if ('clear' in sealed) return sealed.clear.value;
    const opened = openJson(this.keys, `${sessionKey}#${purpose}`, sealed);
    if (opened.ok) return opened.value as JsonValue;
    this.unreadable(sessionKey, sealed.kid, opened.reason);
    return undefined;
  }

  private encrypt(sessionKey: string, values: Values): SealedValues {
    return sealJson(this.keys as DataKeyring, sessionKey, values);
  }

  private decrypt(sessionKey: string, sealed: SealedValues): Values {
    const opened = openJson(this.keys, sessionKey, sealed);
    return opened.ok ? (opened.value as Values) : this.unreadable(sessionKey, sealed.kid, opened.reason);
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

const fingerprintKeys = new WeakMap<KeyObject, HmacKey>();
/** A key of its own for fingerprints, derived once per data key (never the cipher's key itself). */
function fingerprintKey(key: KeyObject): HmacKey {
  let derived = fingerprintKeys.get(key);
  if (!derived) {
    const bytes = Buffer.from(hkdfSync('sha256', key.export(), Buffer.alloc(0), 'griot turn answer fingerprint', 32));
    derived = new HmacKey(bytes);
    bytes.fill(0);
    fingerprintKeys.set(key, derived);
  }
  return derived;
}
