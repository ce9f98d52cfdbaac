// The layering of DESIGN.md is enforced by eslint.config.js; this proves the rule bites.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: repo });

async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('layering lint rule', () => {
  it('refuses the renderer importing the engine or Node', async () => {
    expect(await lint('src/renderer/x.ts', "import { analyzeBytes } from '../engine/analyze';\nexport const a = analyzeBytes;\n")).toHaveLength(1);
    expect(await lint('src/renderer/deep/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
  });
  it('refuses the engine importing service, main or the CLI, and shared importing anything of ours', async () => {
    expect(await lint('src/engine/x.ts', "import { main } from '../cli/main';\nexport const a = main;\n")).toHaveLength(1);
    expect(await lint('src/engine/extract/x.ts', "import { a } from '../../service/pool';\nexport const b = a;\n")).toHaveLength(1);
    expect(await lint('src/shared/x.ts', "import { a } from '../engine/analyze';\nexport const b = a;\n")).toHaveLength(1);
  });
  it('refuses the root import of natural anywhere', async () => {
    expect(await lint('src/engine/x.ts', "import natural from 'natural';\nexport const a = natural;\n")).toHaveLength(1);
  });
  it('allows the imports DESIGN.md allows', async () => {
    expect(await lint('src/cli/x.ts', "import { analyzeBytes } from '../engine/analyze';\nimport { main } from './main';\nexport const a = [analyzeBytes, main];\n")).toEqual([]);
    expect(await lint('src/renderer/x.ts', "import { ATTRIBUTES } from '../shared/taxonomy';\nexport const a = ATTRIBUTES;\n")).toEqual([]);
    expect(await lint('src/host/x.ts', "import { createHandlers } from '../service/handlers';\nexport const a = createHandlers;\n")).toEqual([]);
  });
});
