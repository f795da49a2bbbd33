/**
 * What every browser suite starts from: `describeInBrowser` runs with Chromium, is skipped without
 * it on a developer's machine, and fails in CI, where Chromium must be installed; screenshots go
 * to test-results/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { chromiumAvailable, CHROMIUM_PATH } from '../../editor/testing/browser';

const inCi = ['1', 'true'].includes((process.env.CI ?? '').toLowerCase());
if (!chromiumAvailable() && inCi) {
  throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: CI must install it (apt-get install -y chromium)`);
}

export const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });
