// The engine's data fingerprint: a hash of the trained model and every cue lexicon. Recorded beside the
// engine version in src/engine/fingerprint.json; `npm run fingerprint` rewrites it after a version bump.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_VERSION } from '../src/engine/version';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FINGERPRINT_FILE = path.join(repo, 'src/engine/fingerprint.json');

export function engineDataFingerprint(): string {
  const files = [
    'resources/model/classifier.json',
    ...readdirSync(path.join(repo, 'resources/lexicon'))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => `resources/lexicon/${f}`),
  ];
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(path.join(repo, f))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Every released engine version with the data it shipped: a version's entry never changes. */
export type FingerprintHistory = Record<string, string>;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const history = JSON.parse(readFileSync(FINGERPRINT_FILE, 'utf8')) as FingerprintHistory;
  const now = engineDataFingerprint();
  const recorded = history[ENGINE_VERSION];
  if (recorded && recorded !== now) {
    console.error(`Engine ${ENGINE_VERSION} already shipped with data ${recorded}; the model or lexicons changed since. Bump ENGINE_VERSION in src/engine/version.ts first, so caches recompute.`);
    process.exit(1);
  }
  history[ENGINE_VERSION] = now;
  writeFileSync(FINGERPRINT_FILE, JSON.stringify(history, null, 2) + '\n');
  console.log(`recorded engine ${ENGINE_VERSION} with data ${now} in ${path.relative(repo, FINGERPRINT_FILE)}`);
}
