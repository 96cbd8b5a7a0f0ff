import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { at, transcript, turn } from './fixtures.ts';

/** What previews leave behind is bounded: per user, and for everyone together. */
export function previewTranscriptContract(store: () => Store) {
  describe('preview transcripts', () => {
    const preview = (key: string, minute: number) => store().startTranscript({ ...transcript(key, '+1', at(minute)), preview: true });
    const keys = async () => (await store().listTranscripts({ limit: 100 })).map((t) => t.sessionKey);

    it("keeps a user's newest previews and drops their oldest with its turns, leaving others' and live transcripts alone", async () => {
      await store().startTranscript(transcript('voice:CA1', '+1', at(0)));
      for (const [key, minute] of [
        ['preview:u1:a', 1],
        ['preview:u1:b', 2],
        ['preview:u2:x', 3],
        ['preview:u1:c', 4],
        ['preview:u1.:d', 5],
        ['preview:u1:e', 6],
      ] as const)
        await preview(key, minute);
      await store().appendTurn('preview:u1:a', turn(1));
      expect(await store().trimPreviewTranscripts('u1', 2, 100)).toBe(2);
      expect(await keys()).toEqual(['preview:u1:e', 'preview:u1.:d', 'preview:u1:c', 'preview:u2:x', 'voice:CA1']);
      expect(await store().getTranscript('preview:u1:a')).toBeNull();
      // Within its share: nothing goes.
      expect(await store().trimPreviewTranscripts('u1', 2, 100)).toBe(0);
      expect(await store().trimPreviewTranscripts('u2', 2, 100)).toBe(0);
    });

    it("keeps everyone's newest previews within the bound for all, never a live transcript", async () => {
      await store().startTranscript(transcript('voice:CA1', '+1', at(0)));
      for (const [key, minute] of [
        ['preview:u1:a', 1],
        ['preview:u2:b', 2],
        ['preview:u3:c', 3],
        ['preview:u1:d', 4],
      ] as const)
        await preview(key, minute);
      expect(await store().trimPreviewTranscripts('u1', 10, 2)).toBe(2);
      expect(await keys()).toEqual(['preview:u1:d', 'preview:u3:c', 'voice:CA1']);
    });
  });
}
