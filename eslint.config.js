// Lint: TypeScript rules plus the layering of DESIGN.md, enforced by import restrictions per layer:
// shared ← engine ← service ← main/host/cli; renderer imports only shared; preload only shared and electron.
// Imports between our layers are relative (`../engine/...`), so a layer is recognised as the first folder
// name after the leading `../` segments.
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const layer = (files, { layers = [], modules = [], modulePatterns = [] }, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: modules.map((name) => ({ name, message })),
        patterns: [
          ...(layers.length ? [{ regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`, message }] : []),
          ...(modulePatterns.length ? [{ group: modulePatterns, message }] : []),
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**', '**/*.tmp.ts'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // natural's package root costs ~0.7 s and pulls in dotenv and database clients (DESIGN.md).
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value='natural']", message: "Import natural's submodules (natural/lib/natural/...), not the package root." }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  layer(['src/shared/**'], { layers: ['engine', 'service', 'main', 'preload', 'renderer', 'host', 'cli'], modules: ['electron', 'react'], modulePatterns: ['node:*'] }, 'src/shared is pure TypeScript: it imports nothing of ours, no Node, no DOM libraries.'),
  layer(['src/engine/**'], { layers: ['service', 'main', 'preload', 'renderer', 'host', 'cli'], modules: ['electron', 'react', 'react-dom'] }, 'src/engine is a pure Node library: it may import src/shared only.'),
  layer(['src/service/**'], { layers: ['main', 'preload', 'renderer', 'host', 'cli'], modules: ['electron', 'react', 'react-dom'] }, 'src/service has no Electron: it may import src/shared and src/engine.'),
  layer(['src/host/**', 'src/cli/**'], { layers: ['main', 'preload', 'renderer'], modules: ['electron'] }, 'The host and the CLI may import shared, engine and service, never Electron or the renderer.'),
  layer(['src/main/**'], { layers: ['preload', 'renderer', 'host', 'cli'] }, 'Electron main may import shared, engine and service.'),
  layer(['src/renderer/**'], { layers: ['engine', 'service', 'main', 'preload', 'host', 'cli'], modules: ['electron', 'fs', 'path', 'child_process', 'natural'], modulePatterns: ['node:*', 'natural/*'] }, 'The renderer imports only src/shared (and browser libraries).'),
  layer(['src/preload/**'], { layers: ['engine', 'service', 'main', 'renderer', 'host', 'cli'] }, 'The preload imports only src/shared and electron.'),
);
