import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Imports flow one way (docs/architecture.md):
//   core ← (bench | model-files | exports) ← store ← components ← features ← app
// and src/cli over core and the three middle layers. exports may read the bench format;
// bench and model-files read core only. A feature never imports another feature.
const ALL = ['core', 'bench', 'model-files', 'exports', 'store', 'components', 'features', 'app', 'cli'];
const MAY = {
  core: [],
  bench: ['core'],
  'model-files': ['core'],
  exports: ['core', 'bench'],
  store: ['core', 'bench', 'model-files', 'exports'],
  components: ['core', 'bench', 'model-files', 'exports', 'store'],
  features: ['core', 'bench', 'model-files', 'exports', 'store', 'components'],
  app: ['core', 'bench', 'model-files', 'exports', 'store', 'components', 'features'],
  cli: ['core', 'bench', 'model-files', 'exports'],
};
const PURE = ['core', 'bench', 'model-files', 'exports'];
// Preact renders the page (through preact/compat, docs/architecture.md). Two React props it does
// not carry out: `spellCheck={false}` (not a DOM property name, so Preact removes the attribute
// instead of writing "false") and `autoFocus` (React focuses the element on mount; Preact only
// writes the attribute, which the browser ignores after the page has loaded).
const PREACT_JSX = [
  {
    selector: "JSXAttribute[name.name='spellCheck'][value.type!='Literal']",
    message: 'write the string: spellCheck="false" (Preact drops a boolean false here; docs/architecture.md)',
  },
  {
    selector: "JSXAttribute[name.name='autoFocus']",
    message: 'Preact does not focus an autoFocus element: focus it from an effect (docs/architecture.md)',
  },
];
const zone = (layer) => {
  const patterns = ALL.filter((l) => l !== layer && !MAY[layer].includes(l)).map((l) => ({
    group: [`**/${l}`, `**/${l}/**`],
    message: `${layer} must not import from ${l} (docs/architecture.md)`,
  }));
  if (PURE.includes(layer)) {
    patterns.push({ group: ['react', 'react-dom', 'zustand', 'recharts', 'node:*'], message: `${layer} stays pure` });
  }
  if (layer === 'cli')
    patterns.push({ group: ['react', 'react-dom', 'zustand', 'recharts'], message: 'the CLI draws nothing' });
  if (layer === 'features') {
    // '../x/…' from src/features/<f>/ is another feature: shared pieces live in src/components.
    patterns.push({
      regex: '^\\.\\./(?!\\.\\.)[^/]+',
      message:
        'a feature never imports another feature: move the shared piece to src/components, or compose in src/app',
    });
  }
  const rules = { 'no-restricted-imports': ['error', { patterns }] };
  if (layer === 'features') {
    // no-restricted-imports does not see import(): a lazy import of another feature is caught here.
    rules['no-restricted-syntax'] = [
      'error',
      {
        selector: 'ImportExpression[source.value=/^\\.\\.\\/(?!\\.\\.)[^/]+/]',
        message:
          'a feature never imports another feature, lazily neither: give it a slot (src/components/feature-slots.tsx) filled in src/app',
      },
      ...PREACT_JSX,
    ];
  }
  return {
    files: [`src/${layer}/**/*.{ts,tsx}`],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/testdata/**'],
    rules,
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
      'no-restricted-syntax': ['error', ...PREACT_JSX],
    },
  },
  ...Object.keys(MAY).map(zone),
  {
    // Components draw; decisions live in core (docs/architecture.md). A component whose body
    // passes 150 lines is doing more than drawing one thing: split it, and move its rules down.
    files: ['src/features/**/*.tsx', 'src/components/**/*.tsx', 'src/app/**/*.tsx'],
    ignores: ['**/*.test.tsx'],
    rules: { 'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The domain's types and lists are the bottom of the house: they import nothing (no behaviour,
    // no types from modules with behaviour), so every layer can read them without a cycle.
    files: ['src/core/types.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['*', '.*', '**'], message: 'core/types.ts imports nothing (docs/architecture.md)' }] },
      ],
    },
  },
);
