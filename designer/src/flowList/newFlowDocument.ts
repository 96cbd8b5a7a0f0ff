import type { FlowInput } from '@griot/flows';
import { knownLocale } from '../languages/knownLocales.ts';

/** A flow's id from its name: `Service client 1919` → `service-client-1919`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return /^[a-z]/.test(slug) ? slug : `flow-${slug || 'new'}`;
}

const WELCOME: Record<string, string> = { fr: 'Bienvenue.', en: 'Welcome.' };
const GOODBYE: Record<string, string> = { fr: 'Au revoir.', en: 'Goodbye.' };

/** What a new flow starts with: start → welcome message → end, in the chosen locales. */
export function newFlowDocument(id: string, name: string, localeCodes: string[], labels: { start?: string; end?: string } = {}): FlowInput {
  const locales = (localeCodes.length > 0 ? localeCodes : ['fr']).map(knownLocale);
  const prompt = (texts: Record<string, string>) => Object.fromEntries(locales.filter((l) => texts[l.code]).map((l) => [l.code, { text: texts[l.code] as string }]));
  return {
    schemaVersion: 2,
    id,
    name,
    locales,
    variables: [],
    nodes: [
      { id: 'start', type: 'start', ...(labels.start ? { label: labels.start } : {}), position: { x: 0, y: 40 } },
      { id: 'welcome', type: 'message', label: 'Accueil', prompt: prompt(WELCOME), position: { x: 220, y: 20 } },
      { id: 'bye', type: 'end', ...(labels.end ? { label: labels.end } : {}), prompt: prompt(GOODBYE), reason: 'completed', position: { x: 540, y: 20 } },
    ],
    edges: [
      { id: 'start-next', source: 'start', output: 'next', target: 'welcome' },
      { id: 'welcome-next', source: 'welcome', output: 'next', target: 'bye' },
    ],
    tests: [],
  };
}
