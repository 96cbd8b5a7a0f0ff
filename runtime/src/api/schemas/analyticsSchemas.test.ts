import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { FlowAnalytics, QueueAnalytics } from '@griot/flows';
import type { FlowAnalyticsSchema, QueueAnalyticsSchema } from './analyticsSchemas.ts';

/**
 * The OpenAPI document describes the analytics reports from these schemas; the reports are the
 * shapes in `flows` that the designer reads. A field added to one and not the other fails the
 * typecheck here, so neither the description nor the dashboard drifts silently.
 */
describe('the analytics API schemas', () => {
  it('list exactly the fields of the reports, with compatible types', () => {
    type Flow = z.output<typeof FlowAnalyticsSchema>;
    expectTypeOf<keyof Flow>().toEqualTypeOf<keyof FlowAnalytics>();
    expectTypeOf<FlowAnalytics>().toExtend<Flow>();
    expectTypeOf<keyof Flow['csat']>().toEqualTypeOf<keyof FlowAnalytics['csat']>();
    expectTypeOf<keyof Flow['nodes'][number]>().toEqualTypeOf<keyof FlowAnalytics['nodes'][number]>();
    expectTypeOf<keyof Flow['versions'][number]>().toEqualTypeOf<keyof FlowAnalytics['versions'][number]>();
    expectTypeOf<keyof Flow['containment']>().toEqualTypeOf<keyof FlowAnalytics['containment']>();
    type Queue = z.output<typeof QueueAnalyticsSchema>;
    expectTypeOf<keyof Queue>().toEqualTypeOf<keyof QueueAnalytics>();
    expectTypeOf<QueueAnalytics>().toExtend<Queue>();
    expectTypeOf<keyof Queue['queues'][number]>().toEqualTypeOf<keyof QueueAnalytics['queues'][number]>();
  });
});
