import { createRequire } from 'node:module';
import type * as CsvStringify from 'csv-stringify/sync';

// csv-stringify serves the CSV exports only (audit, analytics): loaded at the first export, not
// by every server at start (issue 17, idle memory). Resolved now, so that a missing package still
// stops the start rather than the first export.
const require = createRequire(import.meta.url);
require.resolve('csv-stringify/sync');
let loaded: typeof CsvStringify.stringify | undefined;

/** csv-stringify's `stringify` (sync), loaded when first called. */
export const stringifyCsv: typeof CsvStringify.stringify = (input, options) => (loaded ??= (require('csv-stringify/sync') as typeof CsvStringify).stringify)(input, options);
