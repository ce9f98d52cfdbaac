// The analysis cache trusts ENGINE_VERSION: a changed model or lexicon without a version bump would serve stale
// analyses from every reviewer's cache. src/engine/fingerprint.json keeps the data each version shipped with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineDataFingerprint, FINGERPRINT_FILE, type FingerprintHistory } from '../../scripts/engine-fingerprint';
import { ENGINE_VERSION } from './version';

describe('engine version', () => {
  it('is bumped whenever the model or a lexicon changes', () => {
    const history = JSON.parse(readFileSync(FINGERPRINT_FILE, 'utf8')) as FingerprintHistory;
    expect(
      history[ENGINE_VERSION],
      `The model or a lexicon is not the data engine ${ENGINE_VERSION} shipped with: bump ENGINE_VERSION in src/engine/version.ts, then run \`npm run fingerprint\`.`,
    ).toBe(engineDataFingerprint());
  });
});
