#!/usr/bin/env node
// The griot command: loads the TypeScript sources through tsx, so it runs from a fresh clone
// without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
