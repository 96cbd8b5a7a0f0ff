// ci32: a vitest reporter that writes when each file is queued, collected, started, each hook and test begins and ends, and the
// file's diagnostic (prepare, collect = import, duration), seconds from the run's start, to TIMELINE_OUT: where the time
// "between files" goes. `npx vitest run --project browser <files> --reporter=bench/designer/ci32/timeline.mjs --reporter=dot`.
import { appendFileSync } from 'node:fs';
const out = process.env.TIMELINE_OUT ?? '/tmp/ci32/timeline.log';
const t0 = Date.now();
const log = (what, mod) => appendFileSync(out, `${((Date.now() - t0) / 1000).toFixed(2)} ${what} ${mod ? mod.moduleId.split('/').pop() : ''}\n`);
export default class Timeline {
  onTestModuleQueued(m) {
    log('queued', m);
  }
  onTestModuleCollected(m) {
    log('collected', m);
  }
  onTestModuleStart(m) {
    log('start', m);
  }
  onHookStart(h) {
    log(`hook-start ${h.name}`, h.entity.module ?? h.entity);
  }
  onHookEnd(h) {
    log(`hook-end ${h.name}`, h.entity.module ?? h.entity);
  }
  onTestCaseReady(t) {
    log('test-start', t.module);
  }
  onTestCaseResult(t) {
    log('test-end', t.module);
  }
  onTestModuleEnd(m) {
    const d = m.diagnostic();
    log(
      `end prepare=${d.prepareDuration?.toFixed(0)} envSetup=${d.environmentSetupDuration?.toFixed(0)} collect=${d.collectDuration?.toFixed(0)} setup=${d.setupDuration?.toFixed(0)} dur=${d.duration?.toFixed(0)}`,
      m,
    );
  }
  onTestRunEnd() {
    log('run-end');
  }
}
