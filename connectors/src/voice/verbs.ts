/**
 * The jambonz verbs Griot emits, in the `{ verb: 'name', ... }` form. Only the properties Griot
 * sets are typed: jambonz's feature server rejects unknown properties, so the types keep the
 * renderer honest and the conformance tests check the rest against jambonz's own validators.
 */

export interface Synthesizer {
  vendor: string;
  label?: string;
  language?: string;
  voice?: string;
}

export interface Recognizer {
  vendor: string;
  label?: string;
  language?: string;
  hints?: string[];
}

export interface SayVerb {
  verb: 'say';
  text: string;
  synthesizer?: Synthesizer;
}

export interface PlayVerb {
  verb: 'play';
  /** One URL, or several played one after the other. */
  url: string | string[];
}

/** A prompt nested in a gather: the caller may answer while it plays. */
export type NestedSay = Omit<SayVerb, 'verb'>;
export type NestedPlay = Omit<PlayVerb, 'verb'>;

export interface GatherVerb {
  verb: 'gather';
  actionHook: string;
  input: Array<'digits' | 'speech'>;
  timeout: number;
  numDigits?: number;
  minDigits?: number;
  maxDigits?: number;
  finishOnKey?: string;
  interDigitTimeout?: number;
  recognizer?: Recognizer;
  say?: NestedSay;
  play?: NestedPlay;
}

export interface ConfigVerb {
  verb: 'config';
  synthesizer?: Synthesizer;
  recognizer?: Recognizer;
}

export interface TagVerb {
  verb: 'tag';
  data: Record<string, unknown>;
}

export interface RedirectVerb {
  verb: 'redirect';
  actionHook: string;
}

export interface PauseVerb {
  verb: 'pause';
  length: number;
}

export interface EnqueueVerb {
  verb: 'enqueue';
  name: string;
  priority: number;
  waitHook: string;
  actionHook: string;
}

export interface LeaveVerb {
  verb: 'leave';
}

/** Who a `dial` (or a REST-created call) reaches: a SIP URI, a user registered on jambonz, or a number. */
export type DialTarget = { type: 'sip'; sipUri: string } | { type: 'user'; name: string } | { type: 'phone'; number: string };

export interface DialVerb {
  verb: 'dial';
  target: DialTarget[];
  headers: Record<string, string>;
  actionHook: string;
  callerId?: string;
  timeout?: number;
}

export interface HangupVerb {
  verb: 'hangup';
}

export type Verb = SayVerb | PlayVerb | GatherVerb | ConfigVerb | TagVerb | RedirectVerb | PauseVerb | EnqueueVerb | LeaveVerb | DialVerb | HangupVerb;

/** What an enqueue waitHook may answer: jambonz refuses anything else there. */
export type WaitHookVerb = SayVerb | PlayVerb | PauseVerb | LeaveVerb | TagVerb;
export const WAIT_HOOK_VERBS = ['say', 'play', 'pause', 'leave', 'tag'] as const;
