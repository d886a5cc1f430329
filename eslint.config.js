import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // node:test runs the tests that describe() and test() register; their promises need no await.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] },
            { from: 'file', path: 'test/support/node-test.ts', name: ['describe', 'test'] },
          ],
        },
      ],
      // Tests take describe, test, before and after from test/support/node-test.ts, which gives
      // every test and hook a deadline, so that a hanging regression fails by name.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'node:test', message: 'Import from test/support/node-test.js.' }] },
      ],
      // Fastify plugins and hooks are async by contract even when they await nothing.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/support/node-test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    // The few scripts pages load: they run in the browser.
    files: ['public/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        HTMLInputElement: 'readonly',
        window: 'readonly',
        navigator: 'readonly',
        fetch: 'readonly',
        atob: 'readonly',
        btoa: 'readonly',
      },
    },
  },
);
