/**
 * `node bench/voice/syscallsPerHook.mjs [<built Griot tree>…]` (not in `npm run bench`; needs `strace`):
 * the system calls one jambonz webhook costs, by hook, in a built Griot (signed, the peer bench's
 * flow, `peerServer.mjs`) and in the peer bench's bare express (`express-server.js`, unsigned: its
 * call and its `/menu`). Each server gets WARMUP (150) calls, then `strace -f -tt -T` is attached to
 * all its threads for CALLS (60) more, one at a time; the trace is cut at each read of a request's
 * first bytes (`POST /…`) on the main thread, and every line until the next one (any thread: the
 * WAL checkpoint's, libuv's pool) counts for that request's hook. Prints per hook the mean number of
 * each system call, the bytes read from and written to the socket, and, for the answer's writes,
 * how many writes carried it. Under strace the times are many times slower: counts only, no times.
 * STRACE_DIR (a temporary directory, removed): keep the raw traces there; PORT_BASE (3840);
 * PEER_BENCH (../shared/peer-bench); EXPRESS (1): also trace express.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { callPlayer, sleep, startPeerServer, treesOf } from './peerServer.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const peerBench = resolve(root, process.env.PEER_BENCH ?? '../shared/peer-bench');
const CALLS = Number(process.env.CALLS ?? 60);
const WARMUP = Number(process.env.WARMUP ?? 150);
const PORT_BASE = Number(process.env.PORT_BASE ?? 3840);
const keep = process.env.STRACE_DIR;
const traceDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'griot-strace-'));
mkdirSync(traceDir, { recursive: true });
const trees = process.argv.length > 2 ? treesOf(process.argv.slice(2), '') : [{ dir: root, flags: [], unsigned: false, label: root }];

async function startExpress(port) {
  const env = { ...process.env, NODE_PATH: join(root, 'node_modules') };
  delete env.NODE_OPTIONS;
  const log = openSync(join(traceDir, `express-${port}.log`), 'w');
  const child = spawn(process.execPath, [join(peerBench, 'express-server.js'), String(port)], { env, stdio: ['ignore', log, log] });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i += 1) {
    try {
      await (await fetch(origin, { method: 'OPTIONS' })).arrayBuffer();
      break;
    } catch {}
    await sleep(100);
  }
  const stop = async () => {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, origin, stop };
}

/** Runs `calls` calls with strace attached to every thread of `pid`; the trace's path. */
async function traced(pid, name, play) {
  const file = join(traceDir, `${name}.trace`);
  const strace = spawn('strace', ['-f', '-tt', '-T', '-s', '24', '-o', file, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let attached = '';
  strace.stderr.on('data', (chunk) => {
    attached += chunk;
  });
  for (let i = 0; i < 100 && !attached.includes('attached'); i += 1) await sleep(50);
  await sleep(300);
  for (let i = 0; i < CALLS; i += 1) await play();
  await sleep(300);
  const done = new Promise((ok) => strace.once('exit', ok));
  strace.kill('SIGINT');
  await done;
  return file;
}

const kindOf = (path) => (/^\/(jambonz\/)?call\b/.test(path) ? 'call' : /^\/jambonz\/status\b/.test(path) ? 'status' : 'action');

/** Per hook kind: `{ requests, calls: Map<syscall, count>, socketIn, socketOut, answerWrites }`. */
function summarise(file, mainPid) {
  const hooks = new Map();
  let current;
  const line = /^(\d+)\s+[\d:.]+\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()(.*?)(?:= (-?\d+|\?)[^<]*)?(?:<[\d.]+>)?$/;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    const m = line.exec(text);
    if (!m) continue;
    const [, pid, resumed, name, rest, result] = m;
    if (text.includes('unfinished ...>')) continue; // counted when it resumes
    const call = resumed ?? name;
    const request = /^\d+, "POST (\/[^ "]*)/.exec(rest);
    if (Number(pid) === mainPid && (call === 'read' || call === 'recvfrom') && request) {
      const kind = kindOf(request[1]);
      if (!hooks.has(kind)) hooks.set(kind, { requests: 0, calls: new Map(), socketIn: 0, socketOut: 0, answerWrites: 0 });
      current = hooks.get(kind);
      current.requests += 1;
    }
    if (!current) continue;
    current.calls.set(call, (current.calls.get(call) ?? 0) + 1);
    const bytes = Number(result);
    if (Number(pid) === mainPid && /^(read|recvfrom)$/.test(call) && bytes > 0 && /^\d+, "(POST|\{|\[)/.test(rest)) current.socketIn += bytes;
    if (Number(pid) === mainPid && /^(write|writev|sendto|sendmsg)$/.test(call) && /"HTTP\/1\.1|^\d+, \[\{iov_base="HTTP/.test(rest)) {
      current.socketOut += bytes;
      current.answerWrites += 1;
    } else if (Number(pid) === mainPid && /^(write|writev)$/.test(call) && current.answerWrites > 0 && /^\d+, "[[{]/.test(rest) && !rest.includes('"level"')) {
      // the body sent in a write of its own after the headers'
      current.socketOut += bytes;
      current.answerWrites += 1;
    }
  }
  return hooks;
}

function print(name, hooks) {
  console.log(`\n${name}`);
  for (const [kind, h] of hooks) {
    const per = (n) => (n / h.requests).toFixed(2);
    const calls = [...h.calls].sort((a, b) => b[1] - a[1]).map(([call, n]) => `${call} ${per(n)}`);
    const total = [...h.calls.values()].reduce((a, b) => a + b, 0);
    console.log(`  ${kind} (${h.requests} requests): ${per(total)} syscalls a hook; socket in ${per(h.socketIn)} B, answer ${per(h.socketOut)} B in ${per(h.answerWrites)} writes`);
    console.log(`    ${calls.join(', ')}`);
  }
}

try {
  for (const [i, tree] of trees.entries()) {
    const server = await startPeerServer(tree, PORT_BASE + i, { log: true });
    const pool = new Pool(server.origin, { connections: 1, pipelining: 1 });
    const { playCall } = callPlayer({ pool, callPath: '/jambonz/call', statusPath: '/jambonz/status', signed: !tree.unsigned });
    try {
      for (let c = 0; c < WARMUP; c += 1) await playCall(false);
      const file = await traced(server.child.pid, `griot-${i}`, () => playCall(false));
      print(`griot ${tree.label}`, summarise(file, server.child.pid));
    } finally {
      await pool.close();
      await server.stop();
    }
  }
  if (process.env.EXPRESS !== '0') {
    const server = await startExpress(PORT_BASE + trees.length);
    const pool = new Pool(server.origin, { connections: 1, pipelining: 1 });
    const { playCall } = callPlayer({ pool, callPath: '/call', signed: false });
    try {
      for (let c = 0; c < WARMUP; c += 1) await playCall(false);
      const file = await traced(server.child.pid, 'express', () => playCall(false));
      print('express', summarise(file, server.child.pid));
    } finally {
      await pool.close();
      await server.stop();
    }
  }
} finally {
  if (!keep) rmSync(traceDir, { recursive: true, force: true });
}
