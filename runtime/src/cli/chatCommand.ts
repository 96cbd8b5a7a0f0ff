import { createInterface } from 'node:readline';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Channel, createSession, fixtureToEvent, ownValue, step, stripSsml, HttpFixture, MASK, type Effect, type Flow, type FlowEvent, type Session } from '@griot/flows';
import { performWebhook, type WebhookTarget } from '../webhooks/performWebhook.ts';
import { flowEgress } from '../webhooks/flowEgress.ts';
import { loadConfig } from '../config.ts';
import { formatIssue, readFlowFile } from './readFlowFile.ts';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';

export interface ChatOptions {
  locale?: string;
  channel: string;
  caller: string;
  knownLocale?: string;
  fixtures?: string;
  backend: string[];
}

const Fixtures = z.record(z.string(), z.union([HttpFixture, z.array(HttpFixture).min(1)]));

/**
 * `griot chat`: talk to a flow in the terminal as a caller would, on voice (keypad digits, typed
 * speech, Enter alone for silence) or WhatsApp (typed text, option numbers). Look-ups answer
 * from a fixtures file, or from live backends given with --backend name=url.
 */
export async function chatCommand(path: string, options: ChatOptions): Promise<number> {
  const file = await readFlowFile(path);
  if (!file.ok) {
    file.issues.forEach((i) => console.log(formatIssue(i)));
    return 1;
  }
  const flow = file.flow;
  const channel = Channel.parse(options.channel);
  const fixtures = options.fixtures ? Fixtures.parse(JSON.parse(await readFile(options.fixtures, 'utf8'))) : {};
  const backends = Object.fromEntries(options.backend.map((b) => b.split(/=(.*)/s).slice(0, 2) as [string, string]));
  // The same rules as the server: only GRIOT_FLOW_SECRETS's secrets, each to its backends.
  const { secretFor, secretValues, maxResponseBytes, rules } = flowEgress(loadConfig(process.env));
  const target: WebhookTarget = { backends, secret: secretFor(backends), secretValues, maxResponseBytes, ...rules };
  const fixtureUse = new Map<string, number>();

  let session: Session = createSession(flow, {
    channel,
    caller: { number: options.caller, ...(options.knownLocale ? { knownLocale: options.knownLocale } : {}) },
    flowVersion: null,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  console.log(
    `${flow.name} — ${channel}, caller ${options.caller}. ${channel === 'voice' ? 'Type digits for the keypad, words for speech, Enter alone for silence.' : 'Type your messages.'} /vars, /hangup, /quit.`,
  );

  const answerWebhooks = async (effects: Effect[]): Promise<FlowEvent | undefined> => {
    // No model in the terminal: the flow's fallback classifier understands free words.
    if (effects.some((e) => e.type === 'classify') && session.wait?.for === 'classifier') return { type: 'classification', outcome: 'unavailable' };
    const webhook = effects.find((e) => e.type === 'webhook');
    if (!webhook || session.wait?.for !== 'webhook') return undefined;
    // Own keys only: a node named `constructor` or `toString` has no fixture unless the file gives one.
    const fixture = Object.hasOwn(fixtures, webhook.node) ? fixtures[webhook.node] : undefined;
    if (fixture && (Array.isArray(fixture) || !('intent' in fixture))) {
      const list = Array.isArray(fixture) ? fixture : [fixture];
      const used = fixtureUse.get(webhook.node) ?? 0;
      fixtureUse.set(webhook.node, used + 1);
      console.log(`  … ${webhook.node}: fixture`);
      return fixtureToEvent(list[Math.min(used, list.length - 1)] as z.infer<typeof HttpFixture>);
    }
    console.log(`  … ${webhook.node}: ${webhook.method} ${webhook.backend ? `${webhook.backend}:` : ''}${webhook.url}`);
    return performWebhook(webhook, target);
  };

  const run = async (event: FlowEvent): Promise<void> => {
    let next: FlowEvent | undefined = event;
    while (next) {
      const result = step(flow, session, next);
      session = result.session;
      result.effects.forEach((e) => show(e, flow, channel));
      result.issues.filter((i) => i.severity === 'error').forEach((i) => console.log(`  ! ${i.message}`));
      next = await answerWebhooks(result.effects);
    }
  };

  // `session` is replaced inside run(); read it through a function so the checks see the new one.
  const ended = () => session.status === 'ended';
  await run({ type: 'start' });
  const lines = createInterface({ input: process.stdin, terminal: process.stdin.isTTY ?? false });
  process.stdout.write('> ');
  for await (const raw of lines) {
    const line = raw.trim();
    if (ended() || line === '/quit') break;
    if (line === '/vars') {
      const sensitive = sensitiveNamesOf(flow);
      for (const v of flow.variables) {
        // The values the flow stored: a variable named `toString` is not listed until it is set.
        const value = ownValue(session.vars, v.name);
        if (value !== undefined) console.log(`  ${v.name} = ${sensitive.has(v.name) ? MASK : JSON.stringify(value)}`);
      }
    } else if (session.status === 'handoff') {
      const outcome = z.enum(['done', 'unavailable', 'callback']).safeParse(line);
      if (outcome.success) await run({ type: 'handoff', outcome: outcome.data });
      else console.log('  the contact is with an agent: type done, unavailable or callback');
    } else {
      await run(lineToEvent(line, channel));
    }
    if (ended()) break;
    process.stdout.write('> ');
  }
  lines.close();
  console.log(`— ${session.status === 'ended' ? `ended (${session.endReason})` : 'left'}`);
  return 0;
}

function lineToEvent(line: string, channel: Channel): FlowEvent {
  if (line === '/hangup') return { type: 'hangup' };
  if (line.startsWith('/choice ')) return { type: 'choice', option: line.slice(8).trim() };
  if (channel !== 'voice') return { type: 'text', text: line };
  if (line === '') return { type: 'noInput' };
  if (/^[0-9*#]+$/.test(line)) return { type: 'digits', digits: line };
  return { type: 'speech', text: line, confidence: 0.9 };
}

function show(effect: Effect, flow: Flow, channel: Channel): void {
  const voice = channel === 'voice';
  switch (effect.type) {
    case 'say': {
      // The words of a prompt written with SSML, as every channel shows (or says) them.
      const text = effect.text === undefined ? undefined : stripSsml(effect.text);
      if (effect.audio && (!text || !flow.locales.find((l) => l.code === effect.locale)?.tts)) {
        console.log(`${voice ? '🔊' : '💬'} [audio ${effect.audio}]${text ? ` ${text}` : ''}`);
      } else if (text) console.log(`${voice ? '🔊' : '💬'} ${text}`);
      break;
    }
    case 'ask':
      if (effect.options && !voice) for (const o of effect.options) console.log(`   [${o.key}] ${o.label}`);
      break;
    case 'locale':
      console.log(`  (language: ${effect.locale})`);
      break;
    case 'handoff':
      console.log(`  → agent queue ${effect.queue}, priority ${effect.priority}: type done, unavailable or callback`);
      break;
    case 'end':
      if (effect.reason === 'error') console.log('🔊 (the caller would hear an apology: the flow failed here)');
      break;
    default:
      break;
  }
}
