import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNTIME_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface GriotProcess {
  url: string;
  pid: number;
  /** What the process wrote (JSON log lines, announcements), for a failing test's message. */
  output: () => string;
  /** SIGKILL: no shutdown hook runs, nothing is flushed, as when a machine or container dies. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit (graceful shutdown). */
  stop(): Promise<void>;
  /** Sends a signal (a test preload's trigger). */
  signal(signal: NodeJS.Signals): void;
  /** The exit code, once it exited (null: killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * Starts a real, separate Griot (`griot serve`, the command operators run) with `env` and waits
 * until it listens; `nodeArgs` go to node before the command (a test's `--import` preload). The spawned pid is node itself (not npx), so a kill reaches the server.
 */
export async function startGriotProcess(env: Record<string, string>, timeoutMs = 60_000, nodeArgs: string[] = []): Promise<GriotProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'bin/griot.mjs', 'serve'], {
    cwd: RUNTIME_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`griot did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"griot listening"/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`griot exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    output: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    signal(signal) {
      child.kill(signal);
    },
    exited,
  };
}
