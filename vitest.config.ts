import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/core/**/*.test.ts'],
    // lib/core is pure: it must pass in plain Node, with no browser fake in between.
    environment: 'node',
  },
});
