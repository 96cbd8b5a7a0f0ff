import { describe, expect, it } from 'vitest';
import { Flow } from './flow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';

describe('variable names', () => {
  it("refuses __proto__, which JavaScript reads as an object's prototype (a sensitive value stored there escaped the tester's masking)", () => {
    const input = sampleFlowInput();
    const variables = input.variables ?? [];
    const withName = (name: string) => Flow.safeParse({ ...input, variables: [...variables, { name, type: 'string', sensitive: true }] });
    const refused = withName('__proto__');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['variables', variables.length, 'name'], message: 'must be a letter or _ followed by letters, digits or _' });
    for (const name of ['__proto', 'proto__', '_proto_', 'constructor_copy']) expect(withName(name).success).toBe(true);
  });
});
