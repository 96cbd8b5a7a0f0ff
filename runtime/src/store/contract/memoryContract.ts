import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at, caller, session, transcript, turn } from './fixtures.ts';

const header = (key: string, number: string, minute: number) => {
  const { turns: _turns, ...rest } = transcript(key, number, at(minute));
  return rest;
};

/** What Griot remembers after a contact: caller profiles and transcripts, and how they are erased. */
export function memoryContract(store: () => Store) {
  describe('callers', () => {
    it('stores, replaces and deletes a caller profile', async () => {
      await store().putCaller(caller('+2290197000001'));
      expect(await store().getCaller('+2290197000001')).toEqual(caller('+2290197000001'));
      const changed = { ...caller('+2290197000001', at(5)), preferredLocale: 'fon', variables: { segment: 'silver', visits: 3 } };
      await store().putCaller(changed);
      expect(await store().getCaller('+2290197000001')).toEqual(changed);
      expect(await store().deleteCaller('+2290197000001')).toBe(true);
      expect(await store().deleteCaller('+2290197000001')).toBe(false);
      expect(await store().getCaller('+2290197000001')).toBeNull();
    });

    it('purges profiles not updated since a date', async () => {
      await store().putCaller(caller('+1', at(0)));
      await store().putCaller(caller('+2', at(10)));
      await store().putCaller(caller('preview:+3', at(20)));
      expect(await store().purgeCallers(at(10))).toBe(1);
      expect(await store().getCaller('+1')).toBeNull();
      expect(await store().getCaller('+2')).not.toBeNull();
      expect(await store().getCaller('preview:+3')).not.toBeNull();
    });
  });

  describe('transcripts', () => {
    it('records the turns of a contact in order, then its end', async () => {
      await store().startTranscript(transcript('voice:CA1', '+1', at(0)));
      await store().appendTurn('voice:CA1', turn(1));
      await store().appendTurn('voice:CA1', turn(2));
      await store().endTranscript('voice:CA1', at(3), 'hangup');
      expect(await store().getTranscript('voice:CA1')).toEqual({ ...transcript('voice:CA1', '+1', at(0)), turns: [turn(1), turn(2)], endedAt: at(3), endReason: 'hangup' });
      expect(await store().getTranscript('voice:CA2')).toBeNull();
    });

    it('starts a new transcript when a session key comes back, keeping the earlier one', async () => {
      await store().startTranscript(transcript('whatsapp:229', '+229', at(0)));
      await store().appendTurn('whatsapp:229', turn(1));
      await store().endTranscript('whatsapp:229', at(2), 'expired');
      await store().startTranscript(transcript('whatsapp:229', '+229', at(60)));
      await store().appendTurn('whatsapp:229', turn(61));
      expect(await store().getTranscript('whatsapp:229')).toEqual({ ...transcript('whatsapp:229', '+229', at(60)), turns: [turn(61)] });
      const all = await store().listTranscripts({ callerNumber: '+229', limit: 10 });
      expect(all.map((t) => [t.startedAt, t.turns.length, t.endReason])).toEqual([
        [at(60), 1, undefined],
        [at(0), 1, 'expired'],
      ]);
    });

    it('ignores turns for a key that has no transcript', async () => {
      await store().appendTurn('voice:none', turn(1));
      await store().endTranscript('voice:none', at(1), 'hangup');
      expect(await store().getTranscript('voice:none')).toBeNull();
    });

    it('lists transcripts newest first, by caller or flow, up to a limit', async () => {
      await store().startTranscript(transcript('k1', '+1', at(1), 'hello'));
      await store().startTranscript(transcript('k2', '+2', at(2), 'hello'));
      await store().startTranscript(transcript('k3', '+1', at(3), 'other'));
      await store().startTranscript(transcript('k4', '+1', at(4), 'hello'));
      const keys = async (filter: Parameters<Store['listTranscripts']>[0]) => (await store().listTranscripts(filter)).map((t) => t.sessionKey);
      expect(await keys({ limit: 10 })).toEqual(['k4', 'k3', 'k2', 'k1']);
      expect(await keys({ limit: 2 })).toEqual(['k4', 'k3']);
      expect(await keys({ callerNumber: '+1', limit: 10 })).toEqual(['k4', 'k3', 'k1']);
      expect(await keys({ flowId: 'hello', limit: 10 })).toEqual(['k4', 'k2', 'k1']);
      expect(await keys({ callerNumber: '+1', flowId: 'hello', limit: 10 })).toEqual(['k4', 'k1']);
    });

    it('lists, for a reader, live transcripts and the previews they started, filling the limit with them', async () => {
      await store().startTranscript(transcript('voice:CA1', '+1', at(1)));
      await store().startTranscript({ ...transcript('preview:u1:a', '+1', at(2)), preview: true });
      await store().startTranscript({ ...transcript('preview:u2:b', '+1', at(3)), preview: true });
      await store().startTranscript({ ...transcript('preview:u1.:c', '+1', at(4)), preview: true });
      await store().startTranscript({ ...transcript('Preview:u1:d', '+1', at(5)), preview: false });
      const keys = async (filter: Parameters<Store['listTranscripts']>[0]) => (await store().listTranscripts(filter)).map((t) => t.sessionKey);
      expect(await keys({ previewsOf: 'u1', limit: 2 })).toEqual(['Preview:u1:d', 'preview:u1:a']);
      expect(await keys({ previewsOf: 'u1', callerNumber: '+1', limit: 10 })).toEqual(['Preview:u1:d', 'preview:u1:a', 'voice:CA1']);
      expect(await keys({ previewsOf: 'u1.', limit: 10 })).toEqual(['Preview:u1:d', 'preview:u1.:c', 'voice:CA1']);
      expect(await keys({ limit: 10 })).toHaveLength(5);
    });

    it("lists a flow's test calls: contacts routed as a tester's, from the numbers given, each since when given, previews never using up the limit", async () => {
      const tested = (key: string, number: string, minute: number, flowId = 'hello') => ({ ...transcript(key, number, at(minute), flowId), tester: true as const });
      await store().startTranscript(tested('voice:T1', '+1', 1));
      // The same number's call as a subscriber (before it was listed, or on a line where it is no tester).
      await store().startTranscript(transcript('voice:S1', '+1', at(3)));
      await store().startTranscript(tested('voice:T2', '+2', 4));
      await store().startTranscript(tested('voice:T3', '+1', 5));
      await store().startTranscript(tested('voice:O1', '+1', 6, 'other'));
      await store().startTranscript(tested('voice:X1', '+3', 7));
      // A tester's turn as its first write (a new contact) keeps the mark too.
      await store().saveTurn({ session: session('voice:T4', at(60)), turn: turn(8), newTranscript: { ...header('voice:T4', '+2', 8), tester: true } });
      // The reader's previews as the same number, newer than all of them.
      for (let minute = 10; minute < 22; minute += 1) await store().startTranscript({ ...transcript(`preview:u1:${minute}`, '+1', at(minute)), preview: true });
      const keys = async (testCallsFrom: Array<{ number: string; since?: string }>, limit = 10) => (await store().listTranscripts({ flowId: 'hello', testCallsFrom, limit })).map((t) => t.sessionKey);
      expect(await keys([{ number: '+1' }, { number: '+2' }])).toEqual(['voice:T4', 'voice:T3', 'voice:T2', 'voice:T1']);
      expect(await keys([{ number: '+1' }, { number: '+2' }], 2)).toEqual(['voice:T4', 'voice:T3']);
      expect(
        await keys([
          { number: '+1', since: at(2) },
          { number: '+2', since: at(5) },
        ]),
      ).toEqual(['voice:T4', 'voice:T3']);
      expect(await keys([{ number: '+1', since: at(5) }])).toEqual(['voice:T3']);
      expect(await keys([])).toEqual([]);
      const [listed] = await store().listTranscripts({ flowId: 'hello', testCallsFrom: [{ number: '+2' }], limit: 1 });
      expect(listed).toMatchObject({ sessionKey: 'voice:T4', tester: true, turns: [turn(8)] });
      expect((await store().getTranscript('voice:S1'))?.tester).toBeUndefined();
    });

    it("deletes a caller's transcripts on request, with their turns", async () => {
      await store().startTranscript(transcript('k1', '+1', at(1)));
      await store().appendTurn('k1', turn(1));
      await store().startTranscript(transcript('k2', '+1', at(2)));
      await store().startTranscript(transcript('k3', '+2', at(3)));
      expect(await store().deleteTranscriptsOf('+1')).toBe(2);
      expect(await store().getTranscript('k1')).toBeNull();
      expect((await store().listTranscripts({ limit: 10 })).map((t) => t.sessionKey)).toEqual(['k3']);
      expect(await store().deleteTranscriptsOf('+1')).toBe(0);
    });

    it("pages through the caller numbers of one channel's transcripts, each once, in order", async () => {
      await store().startTranscript(transcript('webchat:b:c3', 'webchat:c3', at(1)));
      await store().startTranscript(transcript('webchat:b:c1', 'webchat:c1', at(2)));
      await store().startTranscript(transcript('webchat:b:c1b', 'webchat:c1', at(3)));
      await store().startTranscript(transcript('webchat:b:c2', 'webchat:c2', at(4)));
      await store().startTranscript(transcript('voice:CA1', '+22997000001', at(5)));
      await store().startTranscript(transcript('telegram:b:1', 'telegram:1', at(6)));
      await store().startTranscript(transcript('x', 'webchat;', at(7)));
      const all: string[] = [];
      for (let after = ''; ; ) {
        const page = await store().listTranscriptCallers('webchat:', after, 2);
        expect(page.length).toBeLessThanOrEqual(2);
        if (page.length === 0) break;
        all.push(...page);
        after = page[page.length - 1] as string;
      }
      expect(all).toEqual(['webchat:c1', 'webchat:c2', 'webchat:c3']);
      expect(await store().listTranscriptCallers('webchat:', 'webchat:c3', 10)).toEqual([]);
      expect(await store().listTranscriptCallers('telegram:', '', 10)).toEqual(['telegram:1']);
    });

    it('purges transcripts started before a date', async () => {
      await store().startTranscript(transcript('k1', '+1', at(1)));
      await store().startTranscript(transcript('k2', '+1', at(2)));
      await store().startTranscript(transcript('k3', '+1', at(3)));
      expect(await store().purgeTranscripts(at(3))).toBe(2);
      expect((await store().listTranscripts({ limit: 10 })).map((t) => t.sessionKey)).toEqual(['k3']);
    });
  });
}
