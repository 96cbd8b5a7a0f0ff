import { callHookPayload } from '../connectors/src/voice/testing/jambonzPayloads.ts';
const sid = process.argv[2] ?? 'CA-ops20-1';
const body = JSON.stringify(callHookPayload({ callSid: sid, from: '+2290197000001', to: '1919' }));
const r = await fetch('http://127.0.0.1:3902/jambonz/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
console.log(r.status, (await r.text()).slice(0, 600));
