import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run on the sources of the other @griot packages (their "griot-source" export), never on
// a dist/ that may be older than them.
export default defineConfig({
  ssr: { resolve: { conditions: ['griot-source', ...defaultServerConditions] } },
});
