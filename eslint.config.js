// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Imports flow one way (STYLE.md): `shared` is imported by the others and imports none
 * of them; the SDK, the frame and the server never import each other.
 */
const boundary = (from, banned) => ({
  files: [`src/${from}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: banned.map((b) => ({
          group: [`**/${b}/**`, `**/${b}`],
          message: `src/${from} must not import src/${b}: move shared code to src/shared.`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-results/', 'playwright-report/', 'bench/results.json', 'bench/tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use crypto randomness for ids, tokens and nonces.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Build DOM with textContent.' },
      ],
    },
  },
  {
    files: ['src/frame/**/*.{ts,tsx}', 'src/react/**/*.tsx', 'src/demo/client/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Playwright fixtures destructure an empty object by design.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  boundary('shared', ['sdk', 'frame', 'server', 'demo']),
  boundary('sdk', ['frame', 'server', 'demo']),
  boundary('frame', ['sdk', 'server', 'demo']),
  boundary('server', ['sdk', 'frame', 'demo']),
  boundary('react', ['frame', 'server', 'demo']),
  boundary('demo', ['frame', 'server']),
);
