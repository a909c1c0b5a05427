import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import phoenix from './ci/eslint-rules.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Security gate: code run from strings, SQL built from strings, and turned-off TLS checks.
  {
    plugins: { phoenix },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'phoenix/no-sql-string-building': 'error',
      'phoenix/no-disabled-tls-verification': 'error',
      'phoenix/require-disable-reason': 'error',
    },
  },
);
