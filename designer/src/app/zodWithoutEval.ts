import { z } from 'zod';

/**
 * Zod compiles object parsers with `new Function` when it may, and probes whether it may by
 * trying. The page's Content-Security-Policy forbids eval (no `'unsafe-eval'`), so the probe is
 * refused and reported as a policy violation on every load. Imported first by main.tsx: the
 * probe runs when the first object schema is built, at import time.
 */
z.config({ jitless: true });
