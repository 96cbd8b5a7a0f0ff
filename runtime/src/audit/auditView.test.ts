import { describe, expect, it } from 'vitest';
import { auditView } from './auditView.ts';

describe('auditView', () => {
  it('masks any text under a key that names a secret, however deep, and keeps counts and the rest', () => {
    const shown = auditView({
      id: 'a1',
      at: '2026-03-01T10:00:00.000Z',
      actor: 'awa',
      action: 'binding.update',
      target: 'binding:b1',
      details: { address: '1919', settings: { apiKey: 'sk-live-1', nested: [{ password: 'hunter2' }], puk: '12345678' }, tokensRevoked: 2, token: 'grt_abc' },
    });
    const text = JSON.stringify(shown);
    for (const secret of ['sk-live-1', 'hunter2', '12345678', 'grt_abc']) expect(text).not.toContain(secret);
    expect(shown.details).toMatchObject({ address: '1919', tokensRevoked: 2, settings: { apiKey: '•••', nested: [{ password: '•••' }], puk: '•••' }, token: '•••' });
  });
});
