// Labelling aid for training data (issue 8). Two modes:
//   npx tsx scripts/label-prep.ts sheet 0772 0776 …   writes .label/<nnnn>.sheet.txt: every clause of the policy as the
//       engine splits it, numbered, with its section path, and NO category (so the labeller decides by reading).
//   npx tsx scripts/label-prep.ts apply NNNN RANGES.txt OUT.jsonl   turns a ranges file written while reading the sheet
//       (lines "12 c", "13-17 s", "18 c+s"; codes c collection, s sharing, r retention, m minors, a account_deletion,
//       u user_rights, y security, o other; "#" starts a comment; indexes left out are not labelled) into label rows.
//   npx tsx scripts/label-prep.ts check FILE.jsonl …   checks label files: JSON rows {policy, text, labels}, known
//       categories, every text found in the policy, the policy not in the evaluation set.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeBytes } from '../src/engine/analyze';
import { CATEGORY_IDS } from '../src/shared/taxonomy';
import { CORPUS, labelNeedle, readKeys, ROOT } from './eval-lib';

const [mode, ...args] = process.argv.slice(2);
const collapse = (s: string) => s.replace(/\s+/g, '');

async function load(policy: string) {
  const file = path.join(CORPUS, policy);
  return analyzeBytes(new Uint8Array(readFileSync(file)), path.basename(file));
}

if (mode === 'sheet') {
  const out = path.join(ROOT, '.label');
  mkdirSync(out, { recursive: true });
  for (const n of args) {
    const policy = `ca4p-dev/${n.replace(/\.html$/, '')}.html`;
    const a = await load(policy);
    const lines = [`# ${policy} — ${a.clauses.length} clauses. Format per clause: [index] (kind) section path ⟩ then the text on the next line.`];
    a.clauses.forEach((c, i) => {
      lines.push(`[${i}] (${c.kind}) ${c.section.map((h) => h.slice(0, 30)).join(' › ')}`);
      lines.push(`    ${c.text}`);
    });
    writeFileSync(path.join(out, `${n}.sheet.txt`), lines.join('\n') + '\n');
    writeFileSync(path.join(out, `${n}.clauses.json`), JSON.stringify(a.clauses.map((c) => c.text)));
    console.log(`${policy}: ${a.clauses.length} clauses → .label/${n}.sheet.txt (texts by index in .label/${n}.clauses.json)`);
  }
} else if (mode === 'apply') {
  const [n, rangesFile, outFile] = args as [string, string, string];
  const CODES: Record<string, string> = { c: 'collection', s: 'sharing', r: 'retention', m: 'minors', a: 'account_deletion', u: 'user_rights', y: 'security', o: 'other' };
  const texts = JSON.parse(readFileSync(path.join(ROOT, '.label', `${n}.clauses.json`), 'utf8')) as string[];
  const labels = new Map<number, string[]>();
  let bad = 0;
  readFileSync(rangesFile, 'utf8').split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const m = /^(\d+)(?:\s*-\s*(\d+))?\s+([a-z+]+)$/.exec(line);
    const codes = m ? m[3]!.split('+').map((c) => CODES[c]) : [];
    if (!m || codes.some((c) => !c) || Number(m[2] ?? m[1]) >= texts.length) {
      console.log(`${rangesFile}:${i + 1}: cannot read "${raw}"`);
      bad++;
      return;
    }
    for (let k = Number(m[1]); k <= Number(m[2] ?? m[1]); k++) {
      if (labels.has(k)) console.log(`${rangesFile}:${i + 1}: clause ${k} labelled twice (last one kept)`);
      labels.set(k, [...new Set(codes as string[])]);
    }
  });
  const policy = `ca4p-dev/${n}.html`;
  const rows = [...labels.entries()].sort((a, b) => a[0] - b[0]).map(([k, l]) => JSON.stringify({ policy, text: texts[k], labels: l }));
  writeFileSync(outFile, rows.join('\n') + '\n');
  console.log(`${outFile}: ${rows.length} of ${texts.length} clauses labelled${bad ? `; ${bad} lines not understood` : ''}`);
  process.exitCode = bad ? 1 : 0;
} else if (mode === 'check') {
  const evalSet = new Set(readKeys().map((k) => k.policy));
  let bad = 0;
  for (const f of args) {
    const rows = readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
      try {
        return JSON.parse(l) as { policy: string; text: string; labels: string[] };
      } catch {
        console.log(`${f}:${i + 1}: not JSON`);
        bad++;
        return null;
      }
    });
    const texts = new Map<string, string>();
    const counts: Record<string, number> = {};
    for (const [i, r] of rows.entries()) {
      if (!r) continue;
      const where = `${f}:${i + 1}`;
      if (evalSet.has(r.policy)) { console.log(`${where}: ${r.policy} is in the evaluation set`); bad++; }
      if (!Array.isArray(r.labels) || r.labels.length === 0 || r.labels.some((l) => !(CATEGORY_IDS as readonly string[]).includes(l))) { console.log(`${where}: bad labels ${JSON.stringify(r.labels)}`); bad++; }
      for (const l of r.labels ?? []) counts[l] = (counts[l] ?? 0) + 1;
      if (!texts.has(r.policy)) texts.set(r.policy, collapse((await load(r.policy)).text));
      const needle = labelNeedle(r.text);
      if (!needle || !texts.get(r.policy)!.includes(needle)) { console.log(`${where}: text not found in ${r.policy}: ${r.text.slice(0, 40)}`); bad++; }
    }
    console.log(`${f}: ${rows.length} rows ${JSON.stringify(counts)}`);
  }
  console.log(bad ? `${bad} problems` : 'ok');
  process.exitCode = bad ? 1 : 0;
} else {
  console.error('usage: label-prep.ts sheet NNNN… | apply NNNN RANGES OUT.jsonl | check FILE.jsonl…');
  process.exitCode = 2;
}
