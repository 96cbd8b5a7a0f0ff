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

    it("keeps everyone's newest previews within the bound for all (down to 90% once over it), never a live transcript", async () => {
      await store().startTranscript(transcript('voice:CA1', '+1', at(0)));
      for (let i = 1; i <= 10; i++) await preview(`preview:u${i % 3}:p${i}`, i);
      // Within the bound: nothing goes.
      expect(await store().trimPreviewTranscripts('u1', 100, 10)).toBe(0);
      await preview('preview:u1:p11', 11);
      expect(await store().trimPreviewTranscripts('u1', 100, 10)).toBe(2);
      const left = await keys();
      expect(left).toHaveLength(10);
      expect(left).toContain('voice:CA1');
      expect(left).not.toContain('preview:u1:p1');
      expect(left).not.toContain('preview:u2:p2');
      expect(left[0]).toBe('preview:u1:p11');
    });
  });
}
