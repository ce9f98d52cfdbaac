// Lint: TypeScript rules plus the layering of DESIGN.md, enforced by import restrictions per layer:
// shared ← engine ← service ← main/host/cli; renderer imports only shared; preload only shared and electron.
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [{ group: forbidden, message }],
      },
    ],
  },
});

const ours = (name) => [`**/${name}/**`, `**/${name}`, `../${name}/*`, `../../${name}/*`];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
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
  layer(['src/shared/**'], [...['engine', 'service', 'main', 'preload', 'renderer', 'host', 'cli'].flatMap(ours), 'node:*', 'electron', 'react'], 'src/shared is pure TypeScript: it imports nothing of ours, no Node, no DOM libraries.'),
  layer(['src/engine/**'], [...['service', 'main', 'preload', 'renderer', 'host', 'cli'].flatMap(ours), 'electron', 'react', 'react-dom'], 'src/engine is a pure Node library: it may import src/shared only.'),
  layer(['src/service/**'], [...['main', 'preload', 'renderer', 'host', 'cli'].flatMap(ours), 'electron', 'react', 'react-dom'], 'src/service has no Electron: it may import src/shared and src/engine.'),
  layer(['src/host/**', 'src/cli/**'], [...['main', 'preload', 'renderer'].flatMap(ours), 'electron'], 'The host and the CLI may import shared, engine and service, never Electron or the renderer.'),
  layer(['src/main/**'], [...['preload', 'renderer', 'host', 'cli'].flatMap(ours)], 'Electron main may import shared, engine and service.'),
  layer(['src/renderer/**'], [...['engine', 'service', 'main', 'preload', 'host', 'cli'].flatMap(ours), 'node:*', 'electron', 'fs', 'path', 'child_process', 'natural', 'natural/*'], 'The renderer imports only src/shared (and browser libraries).'),
  layer(['src/preload/**'], [...['engine', 'service', 'main', 'renderer', 'host', 'cli'].flatMap(ours)], 'The preload imports only src/shared and electron.'),
);
