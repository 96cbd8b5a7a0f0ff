/// <reference path="./jambonzValidators.d.ts" />
import * as verbSpecifications from '@jambonz/verb-specifications';
import * as jambonzSchema from '@jambonz/schema';
import { WAIT_HOOK_VERBS } from '../verbs.ts';

const quiet = { info() {}, debug() {}, error() {} };

/**
 * `@jambonz/schema` compiles every verb's, component's and callback's JSON Schema (Ajv) on its
 * first check: about 0.5 s of one core on a quiet machine, 3.6–6.9 s at load 25. Done here, when
 * this module loads (a test file's imports, before its hooks start a server), not inside the first
 * test that checks a call: that test's time-out (vitest's default 5 s in connectors) was spent on
 * it, and, when Griot runs in the test's own process, its event loop stopped while a call went on.
 */
jambonzSchema.validateApp([]);

/**
 * Checks a verb array the way jambonz's feature server 0.9.8 does before running it
 * (`normalizeJambones`, then per verb a one-key check and `validateVerb`, which throws on an
 * unknown property or a wrong type), and against `@jambonz/schema`, which also checks enums and
 * nested components. Throws with the verb at fault.
 */
export function assertJambonzAccepts(verbs: unknown, what = 'verbs'): void {
  const normalized = verbSpecifications.normalizeJambones(quiet, verbs);
  normalized.forEach((task, i) => {
    const keys = Object.keys(task);
    if (keys.length !== 1) throw new Error(`${what}[${i}]: malformed jambonz application payload`);
    const name = keys[0] as string;
    const data = task[name];
    if (typeof data !== 'object' || data === null) throw new Error(`${what}[${i}]: ${name} data is not an object`);
    try {
      verbSpecifications.validateVerb(name, data, quiet);
    } catch (error) {
      throw new Error(`${what}[${i}] refused by @jambonz/verb-specifications: ${(error as Error).message}\n${JSON.stringify(data)}`);
    }
  });
  try {
    jambonzSchema.validate(quiet, verbs);
  } catch (error) {
    throw new Error(`${what} refused by @jambonz/schema: ${(error as Error).message}`);
  }
  if (Array.isArray(verbs) && verbs.length > 0) {
    const app = jambonzSchema.validateApp(verbs);
    if (!app.valid) throw new Error(`${what} refused by the @jambonz/schema app schema: ${JSON.stringify(app.errors)}`);
  }
}

/** An enqueue waitHook answer: valid verbs, and only those jambonz runs there. */
export function assertWaitHookAnswer(verbs: unknown): void {
  assertJambonzAccepts(verbs, 'waitHook answer');
  for (const verb of verbs as Array<{ verb: string }>) {
    if (!(WAIT_HOOK_VERBS as readonly string[]).includes(verb.verb)) throw new Error(`waitHook answer holds ${verb.verb}`);
  }
}
