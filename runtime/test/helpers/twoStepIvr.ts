import { Flow } from '@griot/flows';

/** The peer bench's IVR (`../shared/peer-bench/griot-flow.json`): welcome and a menu, then balance or goodbye, and the end. */
export const twoStepIvr = Flow.parse({
  schemaVersion: 2,
  id: 'ivr-2step',
  name: '2-step IVR',
  locales: [{ code: 'en', name: 'English', tts: { vendor: 'google', voice: 'en-GB-Wavenet-A', language: 'en-GB' }, asr: null }],
  variables: [],
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'welcome', type: 'message', prompt: { en: { text: 'welcome' } } },
    {
      id: 'menu',
      type: 'menu',
      prompt: { en: { text: 'press 1 for balance, 2 for PUK' } },
      maxRetries: 0,
      options: [
        { id: 'balance', key: '1', label: { en: 'balance' } },
        { id: 'puk', key: '2', label: { en: 'PUK' } },
      ],
    },
    { id: 'balanceMsg', type: 'message', prompt: { en: { text: 'your balance is 1500 FCFA' } } },
    { id: 'goodbyeMsg', type: 'message', prompt: { en: { text: 'goodbye' } } },
    { id: 'endBalance', type: 'end', reason: 'balance' },
    { id: 'endGoodbye', type: 'end', reason: 'goodbye' },
  ],
  edges: [
    { id: 'e1', source: 'start', output: 'next', target: 'welcome' },
    { id: 'e2', source: 'welcome', output: 'next', target: 'menu' },
    { id: 'e3', source: 'menu', output: 'balance', target: 'balanceMsg' },
    { id: 'e4', source: 'menu', output: 'puk', target: 'goodbyeMsg' },
    { id: 'e5', source: 'menu', output: 'noInput', target: 'goodbyeMsg' },
    { id: 'e6', source: 'menu', output: 'noMatch', target: 'goodbyeMsg' },
    { id: 'e7', source: 'balanceMsg', output: 'next', target: 'endBalance' },
    { id: 'e8', source: 'goodbyeMsg', output: 'next', target: 'endGoodbye' },
  ],
});
