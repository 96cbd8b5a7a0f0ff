import { createReadStream } from 'node:fs';
import type { BackupContents } from './backupShelf.ts';

const COUNTED = new Set(['flows', 'versions', 'bindings', 'users', 'audit', 'audio']);
const REQUIRED = ['flows', 'versions', 'bindings', 'users', 'audit'];
const BLANK = new Set([' ', '\n', '\r', '\t']);

/**
 * What a backup file holds, counted as it is read in chunks: the elements of its top-level
 * arrays, never the whole file in memory (a 20 MB backup takes about ten times that parsed).
 * Null when it is not a backup as Griot writes them (not JSON, another format, arrays missing).
 */
export async function countBackup(path: string): Promise<BackupContents | null> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let text = '';
  let collecting = false;
  let expectKey = false;
  let key = '';
  let array: string | null = null;
  let expectElement = false;
  let started = false;
  const counts = new Map<string, number>();
  const values = new Map<string, string>();
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
      for (const c of chunk as string) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') {
            inString = false;
            if (collecting) {
              if (expectKey) {
                key = text;
                expectKey = false;
              } else values.set(key, text);
            }
          } else if (collecting && text.length < 200) text += c;
          continue;
        }
        if (BLANK.has(c)) continue;
        if (!started) {
          if (c !== '{') return null;
          started = true;
        }
        if (depth === 2 && array && expectElement && c !== ']') {
          counts.set(array, (counts.get(array) ?? 0) + 1);
          expectElement = false;
        }
        if (c === '"') {
          inString = true;
          collecting = depth === 1;
          text = '';
        } else if (c === '{' || c === '[') {
          if (depth === 1 && c === '[' && COUNTED.has(key)) {
            array = key;
            counts.set(key, 0);
            expectElement = true;
          }
          depth += 1;
          if (depth === 1) expectKey = true;
        } else if (c === '}' || c === ']') {
          depth -= 1;
          if (depth === 1) array = null;
          if (depth < 0) return null;
        } else if (c === ',') {
          if (depth === 1) expectKey = true;
          else if (depth === 2) expectElement = true;
        }
      }
    }
  } catch {
    return null;
  }
  const createdAt = values.get('createdAt');
  if (depth !== 0 || values.get('format') !== 'griot-backup' || !createdAt || REQUIRED.some((k) => !counts.has(k))) return null;
  const n = (k: string) => counts.get(k) ?? 0;
  return { createdAt, flows: n('flows'), versions: n('versions'), bindings: n('bindings'), users: n('users'), auditEntries: n('audit'), audioFiles: n('audio') };
}
