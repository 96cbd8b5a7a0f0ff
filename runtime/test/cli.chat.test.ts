import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const GRIOT = fileURLToPath(new URL('../bin/griot.mjs', import.meta.url));

const fr = (text: string) => ({ fr: { text } });
const lookup = (id: string, url: string, variable: string, path: string) => ({
  id,
  type: 'http',
  method: 'GET',
  backend: 'operator',
  url,
  timeoutMs: 5000,
  retries: 0,
  responseMapping: [{ variable, path }],
});

/**
 * A voice menu with three look-ups: `balance` answered by the fixtures file, `lookup` by the
 * operator's system (no fixture), and one named like a JavaScript object method, `constructor`,
 * that has no fixture either.
 */
const flow = {
  schemaVersion: 2,
  id: 'chat-cli',
  name: 'Chat en terminal',
  locales: [{ code: 'fr', name: 'Français', tts: { vendor: 'google' }, asr: null }],
  variables: [
    { name: 'airtime', type: 'number' },
    { name: 'puk', type: 'digits', sensitive: true },
    { name: 'town', type: 'string' },
    // Never set: /vars does not list it (JavaScript's valueOf is no value of the flow's).
    { name: 'valueOf', type: 'string' },
  ],
  nodes: [
    { id: 'start', type: 'start' },
    {
      id: 'menu',
      type: 'menu',
      prompt: fr('Tapez 1 pour votre solde, 2 pour votre code PUK, 3 pour votre agence.'),
      options: [
        { id: 'balance', key: '1', label: { fr: 'Solde' } },
        { id: 'puk', key: '2', label: { fr: 'Code PUK' } },
        { id: 'agency', key: '3', label: { fr: 'Agence' } },
      ],
    },
    lookup('balance', '/balance', 'airtime', '$.airtime'),
    lookup('lookup', '/puk', 'puk', '$.puk'),
    lookup('constructor', '/agency', 'town', '$.town'),
    { id: 'saidBalance', type: 'message', prompt: fr('Votre solde est de {{airtime}} francs.') },
    { id: 'saidPuk', type: 'message', prompt: fr('Votre code PUK est {{puk}}.') },
    { id: 'saidTown', type: 'message', prompt: fr('Votre agence est à {{town}}.') },
    { id: 'down', type: 'message', prompt: fr('Service indisponible.') },
    { id: 'bye', type: 'end', prompt: fr('Au revoir.'), reason: 'served' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'menu' },
    { id: 'e2', source: 'menu', output: 'balance', target: 'balance' },
    { id: 'e3', source: 'menu', output: 'puk', target: 'lookup' },
    { id: 'e4', source: 'menu', output: 'agency', target: 'constructor' },
    { id: 'e5', source: 'menu', output: 'noInput', target: 'bye' },
    { id: 'e6', source: 'menu', output: 'noMatch', target: 'bye' },
    ...(
      [
        ['balance', 'saidBalance'],
        ['lookup', 'saidPuk'],
        ['constructor', 'saidTown'],
      ] as const
    ).flatMap(([node, said]) => [
      { id: `${node}-ok`, source: node, output: 'ok', target: said },
      ...['notFound', 'error', 'timeout'].map((output) => ({ id: `${node}-${output}`, source: node, output, target: 'down' })),
    ]),
    { id: 'e7', source: 'saidBalance', output: 'next', target: 'menu' },
    { id: 'e8', source: 'saidPuk', output: 'next', target: 'menu' },
    { id: 'e9', source: 'saidTown', output: 'next', target: 'menu' },
    { id: 'e10', source: 'down', output: 'next', target: 'menu' },
  ],
  settings: {},
};

/** `griot chat` in its own process, as a user runs it in a terminal: lines typed on stdin, the conversation read on stdout. */
class Chat {
  private output = '';
  private seen = 0;
  readonly exited: Promise<number | null>;
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(args: string[]): Chat {
    return new Chat(spawn(process.execPath, [GRIOT, 'chat', ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent' } }));
  }

  /** Types a line; what `until` reads next is what came after it. */
  type(line: string): void {
    this.seen = this.output.length;
    this.child.stdin.write(`${line}\n`);
  }

  /** What the chat printed since the last line typed, once it holds `text` and the next `> ` prompt (or the process ended). */
  async until(text: string, deadlineMs = 30_000): Promise<string> {
    const deadline = Date.now() + deadlineMs;
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    for (;;) {
      const since = this.output.slice(this.seen);
      const at = since.indexOf(text);
      if (at >= 0 && (exited || since.indexOf('> ', at) >= 0)) return since;
      if (exited || Date.now() > deadline) throw new Error(`griot chat never printed ${JSON.stringify(text)}${exited ? ' (it exited)' : ''}; it printed:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

describe('griot chat', () => {
  let dir: string;
  let backend: Server;
  let backendUrl: string;
  const asked: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'griot-chat-'));
    writeFileSync(join(dir, 'flow.json'), JSON.stringify(flow));
    writeFileSync(join(dir, 'answers.json'), JSON.stringify({ balance: { status: 200, body: { airtime: 1500 } } }));
    // The operator's system, on loopback: what a look-up with no fixture asks.
    backend = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url === '/puk') res.end(JSON.stringify({ puk: '24681357' }));
      else if (req.url === '/agency') res.end(JSON.stringify({ town: 'Cotonou' }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    backend?.closeAllConnections();
    await new Promise((resolve) => backend?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a menu choice, a look-up from the fixtures file, another from the operator's system, then /vars (sensitive masked) and /quit", { timeout: 120_000 }, async () => {
    const chat = Chat.start([join(dir, 'flow.json'), '--locale', 'fr', '--fixtures', join(dir, 'answers.json'), '--backend', `operator=${backendUrl}`]);
    try {
      expect(await chat.until('Tapez 1 pour votre solde', 60_000)).toContain('Chat en terminal — voice');

      chat.type('1');
      const balance = await chat.until('Votre solde est de 1500 francs.');
      expect(balance).toContain('… balance: fixture');
      expect(asked).not.toContain('/balance');

      chat.type('2');
      const puk = await chat.until('Votre code PUK est 24681357.');
      expect(puk).toContain(`… lookup: GET operator:/puk`);
      expect(asked).toContain('/puk');

      chat.type('/vars');
      // The balance a look-up answered is sensitive by default (data30), masked as the PUK is.
      const vars = await chat.until('airtime = •••');
      expect(vars).not.toContain('1500');
      expect(vars).toContain('puk = •••');
      expect(vars).not.toContain('24681357');
      expect(vars).not.toContain('valueOf');

      chat.type('/quit');
      expect(await chat.until('— left')).not.toContain('Au revoir');
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });

  it('asks the operator\'s system for a look-up named "constructor" when the fixtures file gives it no answer, instead of taking JavaScript\'s Object as one', { timeout: 120_000 }, async () => {
    const chat = Chat.start([join(dir, 'flow.json'), '--locale', 'fr', '--fixtures', join(dir, 'answers.json'), '--backend', `operator=${backendUrl}`]);
    try {
      await chat.until('Tapez 1 pour votre solde', 60_000);
      chat.type('3');
      const agency = await chat.until('Votre agence est à Cotonou.');
      expect(agency).toContain('… constructor: GET operator:/agency');
      expect(agency).not.toContain('constructor: fixture');
      expect(asked).toContain('/agency');
      chat.type('/quit');
      await chat.until('— left');
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });
});
