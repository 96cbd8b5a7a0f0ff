import { z } from 'zod';
import { Channel, Identifier, LocaleCode } from '@griot/flows';

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

/**
 * What an address must look like where the platform names it in one way only, so a wrong one
 * can only be a mistake (a page name, a URL, a phone number pasted instead of the id).
 */
const ADDRESS_FORMS: Partial<Record<Channel, { pattern: RegExp; description: string }>> = {
  messenger: { pattern: /^[0-9]{5,20}$/, description: 'a Facebook Page id (digits), as Meta names the Page in its webhooks' },
};

/** An entry point as the API receives it (create and full update). */
export const BindingInput = z
  .object({
    channel: Channel,
    /** Voice number or short code as the platform sends it (`1919`, `+22921000000`), WhatsApp phone number id, Messenger Page id… */
    address: z.string().trim().min(1).max(100),
    flowId: Identifier,
    environment: z.enum(['staging', 'production']).default('production'),
    testers: z.array(TesterRouteInput).max(500).default([]),
    settings: z.record(z.string(), JsonValue).default({}),
  })
  .strict()
  .superRefine((input, ctx) => {
    const form = ADDRESS_FORMS[input.channel];
    if (form && !form.pattern.test(input.address)) ctx.addIssue({ code: 'custom', path: ['address'], message: `a ${input.channel} address must be ${form.description}` });
  });
export type BindingInput = z.infer<typeof BindingInput>;
