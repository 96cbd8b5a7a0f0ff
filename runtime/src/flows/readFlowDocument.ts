import { contentHash, parseFlow, type Flow } from '@griot/flows';
import { invalid } from '../errors.ts';

/**
 * Reads a flow document from a request body: migrates it, validates it, and hashes the result.
 * Schema problems become a 400 naming the first field at fault, with every issue attached.
 */
export function readFlowDocument(input: unknown, field = 'document'): { document: Flow; hash: string } {
  const parsed = parseFlow(input);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    const at = [field, first?.node ? `node:${first.node}` : first?.edge ? `edge:${first.edge}` : '', first?.field ?? ''].filter(Boolean).join('.');
    throw invalid('invalid_flow', `${field} is not a valid flow: ${first?.message ?? 'unknown problem'}`, {
      field: at,
      params: { field: at },
      body: { issues: parsed.issues },
    });
  }
  return { document: parsed.flow, hash: contentHash(parsed.flow) };
}
