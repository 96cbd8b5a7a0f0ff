import { z } from 'zod';
import { Identifier, LocaleCode } from './common.ts';
import { Locale } from './locale.ts';
import { Variable } from './variable.ts';
import { FlowNode } from './node.ts';
import { Edge } from './edge.ts';
import { TestCase } from './testCase.ts';
import { CanvasLayout } from './layout.ts';

export const CURRENT_SCHEMA_VERSION = 2;

/** Words that act everywhere in a messaging conversation, per locale. */
export const Keywords = z
  .object({
    mainMenu: z.record(LocaleCode, z.array(z.string().min(1).max(50))).default({}),
    agent: z.record(LocaleCode, z.array(z.string().min(1).max(50))).default({}),
  })
  .strict();

export const FlowSettings = z
  .object({
    /** Node that the main-menu keyword returns to. */
    mainMenuNode: Identifier.optional(),
    /** Node that the agent keyword jumps to. */
    agentNode: Identifier.optional(),
    keywords: Keywords.default({ mainMenu: {}, agent: {} }),
    /** ISO 3166 region used to read phone numbers typed without a country code. */
    phoneRegion: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('BJ'),
    /**
     * Where the flow list files it (`Campagnes/Ramadan`: `/` separates sub-folders). Optional,
     * so documents without it keep their content hash.
     */
    folder: z
      .string()
      .trim()
      .max(120)
      .regex(/^[^/]+(\/[^/]+)*$/, 'folder names separated by /, none empty')
      .optional(),
    /**
     * What a messaging subscriber reads when an agent closes their conversation and the flow says
     * nothing after the agent (no survey), per language of the flow. Absent: Griot's French and
     * English defaults. Optional, so documents without it keep their content hash.
     */
    agentGoodbye: z.record(LocaleCode, z.string().trim().max(1000)).optional(),
    /** ISO 4217 currency of `{{x | amount}}` in prompts (XOF: the West African CFA franc). Optional for the same reason. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'a currency code such as XOF')
      .optional(),
  })
  .strict();
export type FlowSettings = z.infer<typeof FlowSettings>;

/**
 * A flow document: what content editors draw and the runtime executes. Stored, versioned and
 * hashed as canonical JSON; `schemaVersion` lets older documents be migrated step by step.
 */
export const Flow = z
  .object({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    id: Identifier,
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    /** The first locale is the default. */
    locales: z.array(Locale).min(1).max(20),
    variables: z.array(Variable).max(200).default([]),
    nodes: z.array(FlowNode).min(1).max(5000),
    edges: z.array(Edge).max(20000).default([]),
    settings: FlowSettings.default({ keywords: { mainMenu: {}, agent: {} }, phoneRegion: 'BJ' }),
    tests: z.array(TestCase).max(500).default([]),
    /**
     * Canvas sections and sticky notes (drawing only). Optional, so documents without it keep
     * their content hash; added without a schemaVersion step for the same reason.
     */
    layout: CanvasLayout.optional(),
  })
  .strict();
export type Flow = z.infer<typeof Flow>;
/** A flow as written by hand, before defaults are filled in. */
export type FlowInput = z.input<typeof Flow>;
