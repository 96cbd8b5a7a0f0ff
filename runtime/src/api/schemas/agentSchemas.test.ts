import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { BoardContact, CallbackCall, CallbackRequest, HandoffContact, HandoffHistoryItem, HandoffMessage, QueueSettings, QueueView } from '@griot/flows';
import type { BoardContactSchema, CallbackRequestSchema, HandoffContactSchema, HandoffHistoryItemSchema, HandoffMessageSchema, QueueSettingsSchema, QueueViewSchema } from './agentSchemas.ts';

/**
 * The OpenAPI document describes the agent API from these schemas, and the answers are the
 * store's objects: a field added to a store type and not to its schema (or the other way) fails
 * the typecheck here, so the description cannot drift silently.
 */
describe('the agent API schemas', () => {
  it('list exactly the fields of what the routes answer, with compatible types', () => {
    expectTypeOf<keyof z.output<typeof HandoffContactSchema>>().toEqualTypeOf<keyof HandoffContact>();
    expectTypeOf<HandoffContact>().toExtend<z.output<typeof HandoffContactSchema>>();
    expectTypeOf<keyof z.output<typeof HandoffHistoryItemSchema>>().toEqualTypeOf<keyof HandoffHistoryItem>();
    expectTypeOf<HandoffHistoryItem>().toExtend<z.output<typeof HandoffHistoryItemSchema>>();
    expectTypeOf<keyof z.output<typeof BoardContactSchema>>().toEqualTypeOf<keyof BoardContact>();
    expectTypeOf<BoardContact>().toExtend<z.output<typeof BoardContactSchema>>();
    expectTypeOf<keyof z.output<typeof QueueViewSchema>>().toEqualTypeOf<keyof QueueView>();
    expectTypeOf<QueueView>().toExtend<z.output<typeof QueueViewSchema>>();
    expectTypeOf<keyof z.output<typeof QueueSettingsSchema>>().toEqualTypeOf<keyof QueueSettings>();
    expectTypeOf<QueueSettings>().toExtend<z.output<typeof QueueSettingsSchema>>();
    expectTypeOf<keyof z.output<typeof HandoffMessageSchema>>().toEqualTypeOf<keyof HandoffMessage>();
    expectTypeOf<HandoffMessage>().toExtend<z.output<typeof HandoffMessageSchema>>();
    expectTypeOf<keyof z.output<typeof CallbackRequestSchema>>().toEqualTypeOf<keyof CallbackRequest>();
    expectTypeOf<CallbackRequest>().toExtend<z.output<typeof CallbackRequestSchema>>();
    type DocumentedCall = NonNullable<z.output<typeof CallbackRequestSchema>['lastCall']>;
    expectTypeOf<keyof DocumentedCall>().toEqualTypeOf<keyof CallbackCall>();
    expectTypeOf<CallbackCall>().toExtend<DocumentedCall>();
  });
});
