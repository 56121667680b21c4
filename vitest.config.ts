import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles the `*.svelte.ts` view classes (runes) so their state can be tested in Node.
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
  resolve: {
    // Components read their text through #i18n; in Node that is the English catalogue.
    alias: { '#i18n': fileURLToPath(new URL('./tests/support/i18n.ts', import.meta.url)) },
  },
  test: {
    // tests/ui covers the popup's helpers and view classes (components/**/*.ts, *.svelte.ts).
    include: ['tests/core/**/*.test.ts', 'tests/ui/**/*.test.ts'],
    // New passphrase slots at the cheapest production cost; the accepted floor is unchanged.
    setupFiles: ['tests/support/unitKdf.ts'],
    // lib/core is pure: it must pass in plain Node, with no browser fake in between. The view
    // classes run there too, with the message layer (lib/messaging) mocked per test file.
    environment: 'node',
    // A hang guard, not a speed limit: Argon2id, property tests and compiler-driven tests run
    // on busy 2-core CI machines, where 5 s (the default) is too little for honest work.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
