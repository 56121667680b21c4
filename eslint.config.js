// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * lib/core must run unchanged in plain Node and in every browser context, so it may not reach
 * for browser APIs, extension frameworks, storage, UI, or the layers above it. This is the
 * architecture's purity rule, enforced here rather than by discipline; tests/core/purity.test.ts
 * keeps the rule itself from rotting.
 */
const CORE_PURITY_MESSAGE =
  'lib/core is pure TypeScript: pass browser capabilities in from lib/platform or an entrypoint.';

/** @type {import('eslint').Linter.RulesRecord} */
export const corePurityRules = {
  'no-restricted-imports': [
    'error',
    {
      paths: ['wxt', '#imports', 'dexie', 'webextension-polyfill', 'svelte'].map((name) => ({
        name,
        message: CORE_PURITY_MESSAGE,
      })),
      patterns: [
        {
          group: ['wxt/*', 'dexie/*', '@webext-core/*', '@wxt-dev/*', 'svelte/*', 'node:*'],
          message: CORE_PURITY_MESSAGE,
        },
        {
          // Relative imports climbing into the impure layers, and WXT's path aliases for them.
          regex:
            '^(?:(?:\\.{1,2}/)+(?:.*/)?|(?:@|~|@@|~~)/(?:lib/)?)(?:platform|entrypoints|components)(?:/|$)',
          message: CORE_PURITY_MESSAGE,
        },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    ...[
      'browser',
      'chrome',
      'window',
      'document',
      'navigator',
      'localStorage',
      'indexedDB',
      'self',
    ].map((name) => ({ name, message: CORE_PURITY_MESSAGE })),
  ],
  // `globalThis.chrome` would otherwise walk around no-restricted-globals.
  'no-restricted-properties': [
    'error',
    ...['browser', 'chrome', 'window', 'document', 'navigator', 'localStorage', 'indexedDB'].map(
      (property) => ({ object: 'globalThis', property, message: CORE_PURITY_MESSAGE }),
    ),
  ],
};

/**
 * Components are shared by the popup and the options page; an entrypoint composes them, never
 * the other way round. What a component needs from its page (the popup's target tab) comes by
 * props or context. tests/core/componentLayer.test.ts keeps this rule applied.
 */
const COMPONENT_LAYER_MESSAGE =
  'Components never import entrypoints: take what the page decides by props or context (components/popupTarget.ts).';

/** @type {import('eslint').Linter.RulesRecord} */
export const componentLayerRules = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          // Relative imports reaching entrypoints/, and WXT's path aliases for it.
          regex: '^(?:(?:\\.{1,2}/)+(?:.*/)?|(?:@|~|@@|~~)/)entrypoints(?:/|$)',
          message: COMPONENT_LAYER_MESSAGE,
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '.output/',
      '.wxt/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      '.cache/',
      'bench/corpus/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-implicit-coercion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    rules: {
      // `let { x } = $props()` is idiomatic Svelte 5; the Svelte-aware rule knows runes.
      'prefer-const': 'off',
      'svelte/prefer-const': 'error',
    },
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    // Code that runs in the extension's own pages, worker and content scripts.
    files: ['entrypoints/**', 'components/**', 'lib/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    // Tooling, tests and the demo site run in Node (Playwright's evaluate callbacks in pages).
    files: ['scripts/**', 'tests/**', 'bench/**', 'demo/**', '*.config.{js,ts,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
  {
    files: ['lib/core/**'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: corePurityRules,
  },
  {
    files: ['components/**'],
    rules: componentLayerRules,
  },
  svelte.configs.prettier,
  prettier,
);
