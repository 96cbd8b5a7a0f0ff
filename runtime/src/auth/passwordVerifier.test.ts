import { describe, expect, it, vi } from 'vitest';
import { hashPassword } from './passwords.ts';

// Watches how many argon2 verifications run at the same time.
const running = vi.hoisted(() => ({ now: 0, most: 0 }));
vi.mock('./passwords.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./passwords.ts')>();
  return {
    ...original,
    verifyPassword: async (hash: string, password: string) => {
      running.now += 1;
      running.most = Math.max(running.most, running.now);
      try {
        return await original.verifyPassword(hash, password);
      } finally {
        running.now -= 1;
      }
    },
  };
});

const { createPasswordVerifier } = await import('./passwordVerifier.ts');

describe('createPasswordVerifier', () => {
  it('runs at most `concurrency` verifications at once, the others in line, each with its right answer', async () => {
    const hash = await hashPassword('correct horse battery');
    const verify = createPasswordVerifier({ concurrency: 2, queue: 100 });
    running.most = 0;
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => verify(hash, i % 2 === 0 ? 'correct horse battery' : 'wrong')));
    expect(answers).toEqual([true, false, true, false, true, false, true, false]);
    expect(running.most).toBe(2);
  });

  it('refuses at once (503, Retry-After) when the line is full, and serves again once it drains', async () => {
    const hash = await hashPassword('correct horse battery');
    const verify = createPasswordVerifier({ concurrency: 1, queue: 2 });
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => verify(hash, 'wrong')));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'login_busy', reason: 'unavailable', retryAfterSeconds: 2 });
    expect(await verify(hash, 'correct horse battery')).toBe(true);
  });
});
