/**
 * `node bench/voice/markedCopy.mjs <built tree> <copy dir>` (not in `npm run bench`): a copy of a
 * built tree (`flows`, `runtime`, `connectors` with their `dist`; `node_modules` entries linked to
 * the tree's, `@griot` to the copy's own packages) whose built JavaScript calls
 * `globalThis.__hookMark?.('<name>')` at each step of a jambonz hook, for `hookTimes.cjs` to time
 * segment by segment. Run it against the copy:
 *   SERVER_NODE_ARGS="--require $PWD/bench/voice/hookTimes.cjs" node bench/voice/serialPaired.mjs <copy A> <copy B>
 * The sources are never touched. A mark whose text is no longer in the built code fails loudly
 * (the code moved: update the anchor below).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [from, to] = process.argv.slice(2).map((p) => resolve(p));
if (!from || !to) throw new Error('usage: node bench/voice/markedCopy.mjs <built tree> <copy dir>');
if (!existsSync(join(from, 'runtime/dist/main.js'))) throw new Error(`${from} is not built (npx turbo run build)`);

rmSync(to, { recursive: true, force: true });
mkdirSync(join(to, 'node_modules/@griot'), { recursive: true });
for (const pkg of ['flows', 'runtime', 'connectors']) {
  mkdirSync(join(to, pkg));
  for (const entry of readdirSync(join(from, pkg))) {
    if (entry === 'node_modules') symlinkSync(join(from, pkg, entry), join(to, pkg, entry));
    else cpSync(join(from, pkg, entry), join(to, pkg, entry), { recursive: true });
  }
  symlinkSync(`../../${pkg}`, join(to, 'node_modules/@griot', pkg));
}
cpSync(join(from, 'package.json'), join(to, 'package.json'));
for (const entry of readdirSync(join(from, 'node_modules'))) if (entry !== '@griot') symlinkSync(join(from, 'node_modules', entry), join(to, 'node_modules', entry));

const mark = (name) => `globalThis.__hookMark?.('${name}');`;
/** [file, text found, text put before it (or after it with `after: true`)] */
const MARKS = [
  ['connectors/dist/voice/jambonzHotPath.js', 'readRawBody(req, res, HOOK_BODY_LIMIT, (raw) => {', mark('body read'), true],
  ['connectors/dist/voice/signedHookBody.js', 'let check = verifyJambonzSignature(access.secret, signature, raw);', mark('hmac'), true],
  ['connectors/dist/voice/jambonzHotPath.js', 'const round = q === -1', mark('signature+parse')],
  ['connectors/dist/voice/voiceCallHandler.js', 'const payload = parsed.data;', mark('validated'), true],
  ['connectors/dist/voice/voiceCallHandler.js', 'const started = await this.startCall(key, binding, payload, remembered !== undefined);', mark('call state+binding')],
  ['connectors/dist/voice/voiceCallHandler.js', 'return this.render(turn, call, true);', mark('conversation returned')],
  ['connectors/dist/voice/voiceCallHandler.js', 'const turn = await this.deps.conversations.handle(call.state.session, event(), expected === undefined', mark('call state+binding')],
  ['connectors/dist/voice/voiceCallHandler.js', 'return this.render(turn, call, false);', mark('conversation returned')],
  ['connectors/dist/voice/voiceCallHandler.js', 'const verbs = rendered.verbs;', mark('rendered'), true],
  ['runtime/dist/conversations/ConversationService.js', 'const entry = await resolveEntry(', mark('queue entered')],
  ['runtime/dist/conversations/ConversationService.js', 'const loading = presumedNew ? null', mark('entry resolved')],
  ['runtime/dist/conversations/ConversationService.js', 'const locale = request.locale ?? entry.locale;', mark('caller recalled')],
  ['runtime/dist/conversations/ConversationService.js', 'return this.advance({', mark('session created')],
  [
    'runtime/dist/conversations/ConversationService.js',
    "const conversation = loading instanceof Promise ? await loading : loading;\n            if (!conversation)\n                return { status: 'missing' };",
    `${mark('queue entered')}`,
  ],
  ['runtime/dist/conversations/ConversationService.js', 'await this.recorder.record(conversation, before, after, event, input, turn, began);', mark('engine stepped')],
  ['runtime/dist/conversations/TurnRecorder.js', 'const saving = performance.now();', mark('turn recorded (transcript, facts, caller)')],
  ['runtime/dist/conversations/TurnRecorder.js', 'const saved = await store.saveTurn(write);', mark('saveTurn resolved'), true],
  ['runtime/dist/store/sqlite/WriteBatcher.js', 'this.immediate = null;\n        this.retry = null;', mark('commit phase')],
  ['runtime/dist/store/sqlite/WriteBatcher.js', 'this.runAndCommit(this.take(), inherited);\n            return;', mark('BEGIN')],
  ['runtime/dist/store/sqlite/WriteBatcher.js', 'this.commit.run();\n        }\n        catch (error) {\n            // The write or its commit', mark('turn statements')],
  ['runtime/dist/store/sqlite/writeTurn.js', 'const saved = t.sessions.save(session);', mark('w:session'), true],
  ['runtime/dist/store/sqlite/writeTurn.js', 'if (caller)', mark('w:transcript')],
  ['runtime/dist/store/sqlite/writeTurn.js', 'if (facts)', mark('w:caller')],
];
const edited = new Map();
for (const [file, anchor, text, after] of MARKS) {
  const source = edited.get(file) ?? readFileSync(join(to, file), 'utf8');
  const at = source.indexOf(anchor);
  if (at === -1) throw new Error(`${file}: "${anchor.split('\n')[0]}" not found: the built code moved`);
  const cut = after ? at + anchor.length : at;
  edited.set(file, source.slice(0, cut) + text + source.slice(cut));
}
for (const [file, source] of edited) writeFileSync(join(to, file), source);
// The commit itself: its mark goes right after `this.commit.run();` of the lone write.
const batcher = join(to, 'runtime/dist/store/sqlite/WriteBatcher.js');
writeFileSync(batcher, readFileSync(batcher, 'utf8').replace(`${mark('turn statements')}this.commit.run();`, `${mark('turn statements')}this.commit.run();${mark('COMMIT')}`));
console.log(`${to}: ${MARKS.length + 1} marks in ${edited.size} files`);
