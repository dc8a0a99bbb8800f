// typescript-eslint with type-aware rules (floating promises above all: a forgotten await loses an
// error or a write), and Prettier for layout (eslint-config-prettier turns off the rules it owns).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.data/',
      'coverage/',
      'src/wall/public/',
      'src/pages/*/public/',
      'jest.config.js',
      'bench/*.cjs',
      'test/support/*.cjs',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Rows from raw SQL and parsed JSON are `any` at the edge; their shape is typed where they are read.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The bad-input corpus walks Nest's route metadata, where handlers and DTO classes are plain Functions.
    files: ['test/support/routes.ts', 'test/support/corpus.ts'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  prettier,
);
