import { z } from 'zod';
import { Channel, Identifier, LocaleCode } from '@griot/flows';
import { channelAddressRules } from './channelAddress.ts';

/** Any JSON value; one named instance, so the OpenAPI document can refer to its recursion by name. */
export const JsonValue = z.json();

export const TesterRouteInput = z
  .object({
    /** Any usual spelling; stored as E.164. */
    number: z.string().trim().min(3).max(32),
    /** Run this published version instead of the binding's environment. */
    version: z.number().int().min(1).optional(),
    locale: LocaleCode.optional(),
  })
  .strict();

/** A user's own phone, listed as a test number of a binding (staging only: no version). */
export const OwnTestNumberInput = z
  .object({
    number: z.string().trim().min(3).max(32),
    locale: LocaleCode.optional(),
  })
  .strict();

/** An entry point as the API receives it (create and full update). */
export const BindingInput = z
  .object({
    channel: Channel,
    /** Voice number or short code as the platform sends it (`1919`, `+22921000000`), WhatsApp phone number id, SMS short code, Telegram bot id, Messenger Page id, USSD service code (`*919#`)… */
    address: z.string().trim().min(1).max(100),
    flowId: Identifier,
    environment: z.enum(['staging', 'production']).default('production'),
    testers: z.array(TesterRouteInput).max(500).default([]),
    settings: z.record(z.string(), JsonValue).default({}),
  })
  .strict()
  .superRefine((binding, ctx) => {
    const rule = channelAddressRules[binding.channel];
    if (rule && !rule.pattern.test(binding.address)) ctx.addIssue({ code: 'custom', path: ['address'], message: rule.message });
  });
export type BindingInput = z.infer<typeof BindingInput>;
