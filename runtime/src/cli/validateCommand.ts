import { readFile } from 'node:fs/promises';
import { Channel, lintFlow, hasErrors, type Flow } from '@griot/flows';
import { ConfigError, loadConfig } from '../config.ts';
import { lintBackendNames } from '../demo/demoDefaults.ts';
import { formatIssue, readFlowFile } from './readFlowFile.ts';

export interface ValidateOptions {
  /** The channels the flow goes out on (`ussd,whatsapp`): what only matters there is checked, as the designer's publish does. */
  channels?: string | undefined;
  /**
   * Bindings as `GET /api/bindings` answers them (a file, or `-` for standard input): the channels
   * of those bound to the flow's id are checked.
   */
  bindings?: string | undefined;
  /** Where the server's settings are read (the process's environment): the backends look-ups may name. */
  env?: Record<string, string | undefined>;
}

/** A mistake in the command's own options: said on one line, exit 2. */
class OptionError extends Error {}

/**
 * `griot validate <flow.json>`: exit 1 when the flow has errors, each issue naming its node. With
 * `--channels` or `--bindings`, the checks of the channels it is bound to are made too (a USSD
 * screen's limit, recordings a channel cannot play), as the designer's publish makes them.
 */
export async function validateCommand(path: string, options: ValidateOptions = {}): Promise<number> {
  const file = await readFlowFile(path);
  let bound: Channel[] | undefined;
  let backendNames: { staging: string[]; production: string[] };
  try {
    bound = file.ok ? await boundChannels(file.flow, options) : undefined;
    backendNames = configuredBackends(options.env ?? process.env);
  } catch (error) {
    if (!(error instanceof OptionError) && !(error instanceof ConfigError)) throw error;
    console.log(`griot validate: ${error.message}`);
    return 2;
  }
  const issues = file.ok ? lintFlow(file.flow, { backendNames, ...(bound ? { boundChannels: bound } : {}) }) : file.issues;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const on = bound === undefined ? '' : bound.length === 0 ? ' (no channel checks)' : ` (checked for ${bound.join(', ')})`;
  console.log(`${path}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${on}`);
  for (const issue of issues) console.log(formatIssue(issue));
  return hasErrors(issues) ? 1 : 0;
}

/**
 * The backends a server started with this environment has, per environment, as its own lint
 * reads them: `GRIOT_BACKENDS_STAGING` and `GRIOT_BACKENDS_PRODUCTION`, plus the demo's
 * `operator` when the demo is on (`GRIOT_DEMO`, `NODE_ENV`). So a look-up naming a backend the
 * server lacks (`http.unknownBackend`, a warning) is said here as it is in the designer. Only
 * those settings are read: another one the server would refuse does not stop a check.
 */
export function configuredBackends(env: Record<string, string | undefined>): { staging: string[]; production: string[] } {
  const read = ['GRIOT_BACKENDS_STAGING', 'GRIOT_BACKENDS_PRODUCTION', 'GRIOT_DEMO', 'NODE_ENV'] as const;
  return lintBackendNames(loadConfig(Object.fromEntries(read.map((name) => [name, env[name]]))));
}

/** The channels asked for (`--channels`, and those `--bindings` binds the flow on), sorted; undefined when neither was given. */
async function boundChannels(flow: Flow, options: ValidateOptions): Promise<Channel[] | undefined> {
  if (options.channels === undefined && options.bindings === undefined) return undefined;
  const channels = new Set<Channel>();
  for (const name of (options.channels ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)) {
    const parsed = Channel.safeParse(name);
    if (!parsed.success) throw new OptionError(`--channels: unknown channel ${name} (${Channel.options.join(', ')})`);
    channels.add(parsed.data);
  }
  if (options.bindings !== undefined) {
    for (const channel of await channelsInBindings(options.bindings, flow.id)) channels.add(channel);
  }
  return [...channels].sort();
}

async function channelsInBindings(source: string, flowId: string): Promise<Channel[]> {
  let text: string;
  try {
    text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  } catch (error) {
    throw new OptionError(`--bindings: cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let bindings: unknown;
  try {
    bindings = JSON.parse(text);
  } catch {
    throw new OptionError(`--bindings: ${source} is not JSON (save what GET /api/bindings answers)`);
  }
  if (!Array.isArray(bindings)) throw new OptionError(`--bindings: ${source} is not a list of bindings (save what GET /api/bindings answers)`);
  const channels: Channel[] = [];
  const flowIds = new Set<string>();
  let found = false;
  for (const binding of bindings as Array<{ flowId?: unknown; channel?: unknown }>) {
    if (typeof binding?.flowId === 'string') flowIds.add(binding.flowId);
    if (binding?.flowId !== flowId) continue;
    found = true;
    const parsed = Channel.safeParse(binding.channel);
    if (parsed.success) channels.push(parsed.data);
  }
  // A wrong id (a copy of another flow, a typo) would check nothing and pass: a CI must notice.
  if (!found) {
    const others = [...flowIds].sort();
    throw new OptionError(
      `--bindings: ${source === '-' ? 'standard input' : source} binds flow ${flowId} to no channel (${others.length > 0 ? `it binds ${others.join(', ')}` : 'it holds no binding'}): check the flow's id, or name the channels of a flow not bound yet with --channels`,
    );
  }
  return channels;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
