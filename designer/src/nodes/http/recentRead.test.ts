import { describe, expect, it } from 'vitest';
import { recentRead } from './recentRead.ts';

describe('recentRead', () => {
  it('reads again once the answer is older than its age, and not before', async () => {
    let clock = 0;
    let configured = ['OPERATOR_API_TOKEN'];
    let reads = 0;
    const names = recentRead(
      async () => {
        reads += 1;
        return [...configured];
      },
      10_000,
      () => clock,
    );
    expect(await names()).toEqual(['OPERATOR_API_TOKEN']);
    configured = ['CRM_TOKEN', 'OPERATOR_API_TOKEN'];
    clock = 9_999;
    expect(await names()).toEqual(['OPERATOR_API_TOKEN']);
    clock = 10_000;
    expect(await names()).toEqual(['CRM_TOKEN', 'OPERATOR_API_TOKEN']);
    expect(reads).toBe(2);
  });

  it('does not keep a failed read: the next ask tries again', async () => {
    let fail = true;
    const names = recentRead(
      async () => {
        if (fail) throw new Error('503');
        return ['OPERATOR_API_TOKEN'];
      },
      10_000,
      () => 0,
    );
    await expect(names()).rejects.toThrow('503');
    fail = false;
    expect(await names()).toEqual(['OPERATOR_API_TOKEN']);
  });
});
