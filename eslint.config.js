import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Imports flow one way: core ← io ← store ← features ← app.
const layers = ['core', 'io', 'store', 'features', 'app'];
const restrict = (layer) => {
  const above = layers.slice(layers.indexOf(layer) + 1);
  const patterns = above.map((l) => ({
    group: [`**/${l}`, `**/${l}/**`],
    message: `${layer} must not import from ${l}`,
  }));
  if (layer === 'core' || layer === 'io') {
    patterns.push({ group: ['react', 'react-dom', 'zustand', 'recharts', 'node:*'], message: `${layer} stays pure` });
  }
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'playwright-report', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layers.map(restrict),
);
