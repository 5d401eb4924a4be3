import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Several tests import real exports or spawn the built CLI; CI has 2 shared cores.
    testTimeout: 30_000,
    // Builds dist/ first (test/globalSetup.ts says why).
    globalSetup: ['test/globalSetup.ts'],
  },
});
