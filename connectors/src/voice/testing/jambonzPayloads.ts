import { readFileSync } from 'node:fs';

/**
 * Hook payloads shaped like recorded jambonz requests (a real call hook with its SIP headers and
 * account defaults, a subsequent action hook, a sparse queue wait hook), with the fields a test
 * or the load generator varies. `customerData` is whatever the last `tag` set.
 */
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`./payloads/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

const CALL_HOOK = load('call-hook');
const SUBSEQUENT = load('subsequent');
const QUEUE_WAIT = load('queue-wait');

export interface CallIdentity {
  callSid: string;
  from: string;
  to: string;
}

const clone = <T>(value: T): T => structuredClone(value);

export function callHookPayload(call: CallIdentity): Record<string, unknown> {
  const payload = clone(CALL_HOOK);
  const sip = payload.sip as { headers: Record<string, string> };
  sip.headers.from = `<sip:${call.from}@10.0.0.2:5060>;tag=1tm903aBy5K8a`;
  sip.headers.to = `<sip:${call.to}@10.0.0.2;user=phone>`;
  return { ...payload, call_sid: call.callSid, from: call.from, to: call.to };
}

/** An action hook's base: the call fields jambonz sends after the first request. */
export function subsequentPayload(call: CallIdentity, customerData: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...clone(SUBSEQUENT), call_sid: call.callSid, from: call.from, to: call.to, customerData: clone(customerData), ...extra };
}

export const gatherDigits = (digits: string) => ({ reason: 'dtmfDetected', digits });

export const gatherSpeech = (transcript: string, confidence = 0.92, languageCode = 'fr-FR') => ({
  reason: 'speechDetected',
  speech: { language_code: languageCode, channel_tag: 1, is_final: true, alternatives: [{ transcript, confidence }] },
});

export const gatherTimeout = () => ({ reason: 'timeout' });

export function queueWaitPayload(call: CallIdentity, customerData: Record<string, unknown>, position: number, queueTime = 4): Record<string, unknown> {
  return { ...clone(QUEUE_WAIT), call_sid: call.callSid, queue_position: position, queue_time: queueTime, customerData: clone(customerData) };
}

export const queueResult = (result: 'bridged' | 'hangup' | 'leave' | 'error', queueName = 'support-fr') => ({
  queue_sid: `queue:66acafce-44c2-417a-a7c0-000000000001:${queueName}`,
  queue_time: 12,
  queue_result: result,
});

export const dialResult = (status: 'completed' | 'failed' | 'busy' | 'no-answer') => ({
  dial_call_status: status,
  dial_sip_status: status === 'completed' ? 200 : status === 'busy' ? 486 : 480,
  dial_call_sid: '56666f6c-5884-42a0-837d-000000000001',
});

export function statusPayload(call: CallIdentity, customerData: Record<string, unknown>, status: string): Record<string, unknown> {
  return { ...subsequentPayload(call, customerData), call_status: status, sip_status: 200, duration: 42, call_termination_by: 'caller' };
}
