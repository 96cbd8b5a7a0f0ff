import { describe, expect, it } from 'vitest';
import { parseVoiceSettings } from '@griot/flows';
import { draftOf, inputOf, newTester, validateDraft, withSetting, type BindingDraft } from './bindingForm.ts';

const voice = (over: Partial<BindingDraft> = {}): BindingDraft => ({ ...draftOf(null), address: '3030', flowId: 'nouvelle-ligne', ...over });
const codes = (draft: BindingDraft, flow = { versions: [1, 2], locales: ['fr', 'en'] }) =>
  Object.fromEntries(Object.entries(validateDraft(draft, flow)).map(([field, e]) => [field, 'key' in e ? e.key : 'message']));

describe('the binding form', () => {
  it('takes a voice number or short code, with spaces too, and refuses what jambonz never sends as the called number', () => {
    expect(validateDraft(voice(), null)).toEqual({});
    expect(validateDraft(voice({ address: '+22921000000' }), null)).toEqual({});
    // Written with spaces as tester numbers are: the server keeps it as jambonz sends it (+22921301919).
    expect(validateDraft(voice({ address: '+229 21 30 19 19' }), null)).toEqual({});
    expect(codes(voice({ address: '1919#' }))).toEqual({ address: 'admin.channels.voice.addressInvalid' });
    expect(codes(voice({ address: 'sip:1919' }))).toEqual({ address: 'admin.channels.voice.addressInvalid' });
    expect(codes(voice({ address: '', flowId: null }))).toEqual({ address: 'admin.errors.required', flowId: 'admin.errors.required' });
  });

  it("checks each channel's address its own way: a WhatsApp phone number id is digits, a web chat a name", () => {
    expect(codes(voice({ channel: 'whatsapp', address: '+229 01 97' }))).toEqual({ address: 'admin.channels.whatsapp.addressInvalid' });
    expect(codes(voice({ channel: 'whatsapp', address: '100000000000001' }))).toEqual({});
    expect(codes(voice({ channel: 'webchat', address: 'site web' }))).toEqual({ address: 'admin.channels.webchat.addressInvalid' });
    expect(codes(voice({ channel: 'webchat', address: 'site-web' }))).toEqual({});
  });

  it('takes a USSD service code as the gateway sends it, and refuses one a handset cannot dial', () => {
    for (const address of ['*919#', '*384*12#']) expect(codes(voice({ channel: 'ussd', address }))).toEqual({});
    for (const address of ['919', '*919', '*91a#', '#919#', '*919#*']) expect(codes(voice({ channel: 'ussd', address }))).toEqual({ address: 'admin.channels.ussd.addressInvalid' });
  });

  it('names the tester row at fault: a number that is not one, twice the same, a version or language the flow lacks', () => {
    const testers = [
      { ...newTester(), number: '01 97 00 00 01', version: 2, locale: 'fr' },
      { ...newTester(), number: '0197000001' },
      { ...newTester(), number: 'call me', version: 7, locale: 'fon' },
    ];
    expect(codes(voice({ testers }))).toEqual({
      'testers.1.number': 'admin.bindings.errors.testerTwice',
      'testers.2.number': 'admin.bindings.errors.testerNumber',
      'testers.2.version': 'admin.bindings.errors.noSuchVersion',
      'testers.2.locale': 'admin.bindings.errors.noSuchLocale',
    });
  });

  it('refuses voice settings the voice connector would ignore, with the field they belong to', () => {
    let settings = withSetting({}, 'handoff.mode', 'sip');
    settings = withSetting(settings, 'handoff.sipUri', 'agents@acd');
    settings = withSetting(settings, 'queueAnnounceSeconds', 2);
    expect(Object.keys(validateDraft(voice({ settings }), null)).sort()).toEqual(['settings.handoff.sipUri', 'settings.queueAnnounceSeconds']);
    // The form's rule is the connector's: what the form refuses, the connector drops.
    expect(parseVoiceSettings(settings).problems).toHaveLength(2);
  });

  it('saves the settings the voice connector reads, drops the SIP fields once the handoff queues again, keeps unknown keys', () => {
    let settings = withSetting({}, 'operatorNote', 'kept');
    settings = withSetting(settings, 'tts.vendor', 'google');
    settings = withSetting(settings, 'handoff.mode', 'sip');
    settings = withSetting(settings, 'handoff.sipUri', 'sip:agents@acd.example.bj');
    settings = withSetting(settings, 'queueMaxWaitSeconds', 300);
    const sip = inputOf(voice({ settings }));
    expect(sip.settings).toEqual({ operatorNote: 'kept', tts: { vendor: 'google' }, handoff: { mode: 'sip', sipUri: 'sip:agents@acd.example.bj' }, queueMaxWaitSeconds: 300 });
    expect(parseVoiceSettings(sip.settings)).toMatchObject({ problems: [], settings: { handoff: { mode: 'sip', sipUri: 'sip:agents@acd.example.bj' }, queueMaxWaitSeconds: 300 } });

    const queued = inputOf(voice({ settings: withSetting(withSetting(settings, 'handoff.mode', 'enqueue'), 'tts.vendor', '') }));
    expect(queued.settings).toEqual({ operatorNote: 'kept', handoff: { mode: 'enqueue' }, queueMaxWaitSeconds: 300 });
  });

  it('keeps a WhatsApp inactivity as a whole number of minutes', () => {
    expect(Object.keys(validateDraft(voice({ channel: 'whatsapp', address: '100000000000001', settings: { inactivityMinutes: 0 } }), null))).toEqual(['settings.inactivityMinutes']);
    expect(inputOf(voice({ channel: 'whatsapp', address: ' 100000000000001 ', settings: { inactivityMinutes: 30 } }))).toMatchObject({
      address: '100000000000001',
      settings: { inactivityMinutes: 30 },
    });
  });

  it('sends testers as the API takes them, and keeps those a web chat binding got over the API', () => {
    const testers = [
      { ...newTester(), number: ' +2290197000001 ', version: null, locale: 'fr' },
      { ...newTester(), number: '+2290197000002', version: 3, locale: null },
    ];
    expect(inputOf(voice({ testers })).testers).toEqual([
      { number: '+2290197000001', locale: 'fr' },
      { number: '+2290197000002', version: 3 },
    ]);
    expect(inputOf(voice({ channel: 'webchat', address: 'site', testers })).testers).toHaveLength(2);
  });
});
