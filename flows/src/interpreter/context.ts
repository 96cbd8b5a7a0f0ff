import type { Flow } from '../schema/flow.ts';
import type { Prompt } from '../schema/common.ts';
import { compileFlow, type CompiledFlow } from './compiled.ts';
import { renderTemplate, type Rendered } from '../template/template.ts';
import { ExpressionError } from '../expression/index.ts';
import { compileExpression } from '../expression/compile.ts';
import { FlowLimitError, MAX_STEP_CHARS, storedValueSize } from '../expression/valueLimits.ts';
import { channelCapabilities } from '../channels/channelCapabilities.ts';
import { definitionOf } from '../nodes/registry.ts';
import { ownValue } from '../nodes/http/jsonPath.ts';
import { pickWording, wordingKeys } from '../channels/promptWording.ts';
import type { Effect, FlowEvent, JsonValue, SayEffect, Session, StepIssue, Understanding, WaitState } from './types.ts';

/** How a node hands control back to the interpreter. */
export type NodeOutcome = { output: string } | { goto: string } | { wait: WaitState['for'] } | { end: string };

/**
 * What a node sees while it runs: the session being built for this step (a private copy), and
 * ways to speak, ask, read and write variables. Everything it does is recorded as effects.
 */
export class StepContext {
  readonly compiled: CompiledFlow;
  readonly effects: Effect[] = [];
  readonly issues: StepIssue[] = [];
  /** What free words were understood as in this step (the simulator shows it). */
  readonly understandings: Understanding[] = [];
  /** The variables this step assigned, even to the value they held (`StepResult.assigned`). */
  readonly assigned = new Set<string>();
  /** Whether `session.vars` is already this step's own copy (it is shared until first written). */
  private varsCopied = false;
  /** Characters this step has produced so far (`charge`). */
  private produced = 0;

  constructor(
    readonly flow: Flow,
    readonly session: Session,
  ) {
    this.compiled = compileFlow(flow);
  }

  get voice(): boolean {
    return this.session.channel === 'voice';
  }

  lookup(path: string): unknown {
    const { head, keys, rest } = splitPath(path);
    // Only values the flow stored: `{{constructor}}` or `{{x.__proto__}}` read nothing of JavaScript's.
    if (keys === undefined) {
      if (head === 'secret') return undefined;
      const value: unknown = ownValue(this.session.vars, head);
      return value === undefined ? this.compiled.variables.get(head)?.default : value;
    }
    if (head === 'caller') return this.callerField(rest);
    if (head === 'secret') return undefined;
    let value: unknown = ownValue(this.session.vars, head);
    for (const key of keys) {
      value = ownValue(value, key);
      if (value === undefined) return undefined;
    }
    return value;
  }

  private callerField(field: string): unknown {
    const { caller, channel, locale } = this.session;
    switch (field) {
      case 'number':
        return caller.number;
      case 'channel':
        return channel;
      case 'locale':
        return locale;
      case 'knownLocale':
        return caller.knownLocale;
      case 'lastChannel':
        return caller.lastChannel;
      case 'isTester':
        return caller.isTester ?? false;
      case 'source':
        return caller.source;
      default:
        return undefined;
    }
  }

  isSensitive(path: string): boolean {
    const { head } = splitPath(path);
    return head === 'secret' || this.compiled.sensitive.has(head);
  }

  /** Renders a template; prompts by default (codes spelled and SSML-escaped on voice). */
  render(template: string, node: string, options: { keepSecrets?: boolean; escape?: 'none' | 'xml' | 'url' | 'json'; spellDigits?: boolean } = {}): Rendered {
    const rendered = renderTemplate(template, {
      values: this,
      spellDigits: options.spellDigits ?? this.voice,
      escape: options.escape ?? (this.voice ? 'xml' : 'none'),
      keepSecrets: options.keepSecrets ?? false,
      numbers: { locale: this.session.locale, fallbackLocale: this.compiled.defaultLocale, currency: this.flow.settings.currency },
    });
    this.charge(rendered.text.length);
    if (rendered.missing.length > 0) {
      for (const path of rendered.missing) this.issue('warning', 'template.missingValue', `{{${path}}} has no value`, node, { path });
    }
    return rendered;
  }

  /** Builds the prompt in the current locale (falling back to the default locale). */
  prompt(prompt: Prompt | undefined, node: string, locale = this.session.locale): SayEffect | undefined {
    if (!prompt) return undefined;
    let version = prompt[locale];
    let usedLocale = locale;
    if (!version || (!version.text?.trim() && !version.audio)) {
      const fallback = this.compiled.defaultLocale;
      version = prompt[fallback];
      usedLocale = fallback;
      if (!version) return undefined;
      this.issue('warning', 'prompt.missingLocale', `no prompt in ${locale}; using ${fallback}`, node, { locale, fallback });
    }
    // Worded for this channel and the way this turn is answered, when the prompt says so.
    const worded = (v: NonNullable<typeof version>) => (v.variants ? pickWording(v, this.wordingKeys(node)) : v);
    let wording = worded(version);
    if (!wording.text && !channelCapabilities[this.session.channel].audio) {
      // A recording the channel cannot play (USSD): the default locale's words, when it has some,
      // rather than nothing on the screen (lint warns of it: prompt.audioOnly).
      const fallback = this.compiled.defaultLocale;
      const written = prompt[fallback] ? worded(prompt[fallback]) : undefined;
      if (written?.text) {
        wording = written;
        usedLocale = fallback;
      }
    }
    const effect: SayEffect = { type: 'say', node, locale: usedLocale };
    if (wording.text) {
      // Most prompts have no placeholder: they are said as written (what rendering would give).
      if (!wording.text.includes('{{')) {
        effect.text = wording.text;
      } else {
        const rendered = this.render(wording.text, node);
        effect.text = rendered.text;
        if (rendered.redacted !== rendered.text) effect.redacted = rendered.redacted;
      }
    }
    if (wording.audio) effect.audio = wording.audio;
    if ('variant' in wording && wording.variant) effect.variant = wording.variant;
    return effect;
  }

  /** The variant keys for a prompt of `nodeId` on this contact's channel: with its menu, as the subscriber will see it. */
  private wordingKeys(nodeId: string): string[] {
    const node = this.compiled.nodes.get(nodeId)?.node;
    const menu = node ? definitionOf(node).menuOf?.(node, this.session.locale, this.flow) : undefined;
    return wordingKeys(this.session.channel, menu);
  }

  say(prompt: Prompt | undefined, node: string, locale?: string): void {
    const effect = this.prompt(prompt, node, locale);
    if (effect) this.effects.push(effect);
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  /**
   * Stores a variable's value. `fromItself`: the value was computed from the variable's own (a
   * `set` of `segment || "standard"`): not counted as assigned (`StepResult.assigned`), so that
   * putting back what it held writes no older value over another contact's.
   */
  setVar(name: string, value: JsonValue, options?: { fromItself?: boolean }): void {
    this.charge(storedValueSize(name, value));
    const vars = this.ownVars();
    if (!options?.fromItself) this.assigned.add(name);
    // A variable named `__proto__` is a value like another, not the variables' prototype.
    if (name === '__proto__') Object.defineProperty(vars, name, { value, writable: true, enumerable: true, configurable: true });
    else vars[name] = value;
  }

  unsetVar(name: string): void {
    delete this.ownVars()[name];
  }

  private ownVars(): Record<string, JsonValue> {
    if (!this.varsCopied) {
      this.session.vars = { ...this.session.vars };
      this.varsCopied = true;
    }
    return this.session.vars;
  }

  /** Evaluates a flow expression; a failure is reported as an issue and reads as undefined. */
  evaluate(source: string, node: string): unknown {
    const compiled = compileExpression(source);
    if (!compiled.ok) {
      this.issue('error', 'expression.invalid', `cannot read "${source}": ${compiled.error}`, node, { source, error: compiled.error });
      return undefined;
    }
    try {
      return compiled.run(this);
    } catch (error) {
      // A limit reached ends the turn (`step`), not only this expression.
      if (error instanceof FlowLimitError) throw error;
      const message = error instanceof ExpressionError ? error.message : String(error);
      this.issue('error', 'expression.failed', `"${source}": ${message}`, node, { source, error: message });
      return undefined;
    }
  }

  /**
   * Counts text this step built or stored; past `MAX_STEP_CHARS` the step ends on its error
   * path, so that no flow can keep the server busy building text for long.
   */
  charge(chars: number): void {
    this.produced += chars;
    if (this.produced > MAX_STEP_CHARS) {
      throw new FlowLimitError('step.tooMuchOutput', `this turn built more than ${MAX_STEP_CHARS.toLocaleString('en')} characters of text without waiting for the caller`);
    }
  }

  issue(severity: StepIssue['severity'], code: string, message: string, node?: string, params?: Record<string, string>): void {
    this.issues.push({ severity, code, message, ...(node === undefined ? {} : { node }), ...(params ? { params } : {}) });
  }

  /** Marks the contact as waiting at a node. */
  waitAt(node: string, waitFor: WaitState['for'], counters?: { noInput: number; noMatch: number }): void {
    this.session.wait = { node, for: waitFor, noInput: counters?.noInput ?? 0, noMatch: counters?.noMatch ?? 0 };
  }

  /** Whether the contact can answer by speech in the current locale. */
  speechAvailable(): boolean {
    return this.voice && Boolean(this.compiled.locales.get(this.session.locale)?.asr);
  }
}

export type { FlowEvent };

/** A variable path split once: `tx.0.amount` → `tx` and `["0", "amount"]`; no keys for a bare name. */
interface SplitPath {
  head: string;
  keys: string[] | undefined;
  /** What follows the head: `0.amount`. */
  rest: string;
}

const splitPaths = new Map<string, SplitPath>();

// Paths come from the flow's templates, conditions and expressions: a small, repeating set.
function splitPath(path: string): SplitPath {
  let split = splitPaths.get(path);
  if (!split) {
    const dot = path.indexOf('.');
    const rest = dot === -1 ? '' : path.slice(dot + 1);
    split = dot === -1 ? { head: path, keys: undefined, rest } : { head: path.slice(0, dot), keys: rest.split('.'), rest };
    if (splitPaths.size > 10000) splitPaths.clear();
    splitPaths.set(path, split);
  }
  return split;
}
