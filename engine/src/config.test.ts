/** Settings from the environment: the models can be switched off; a bad value is refused by name. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { SHIPPED_MODELS_DIR } from './paths';

describe('configuration', () => {
  it('serves the shipped models unless DUNWELL_MODELS is off', () => {
    expect(loadConfig({}).modelsDir).toBe(SHIPPED_MODELS_DIR);
    expect(loadConfig({ DUNWELL_MODELS: 'on', DUNWELL_MODELS_DIR: '/srv/models' }).modelsDir).toBe('/srv/models');
    expect(loadConfig({ DUNWELL_MODELS: 'off', DUNWELL_MODELS_DIR: '/srv/models' }).modelsDir).toBeUndefined();
    expect(() => loadConfig({ DUNWELL_MODELS: 'no' })).toThrow(/Invalid configuration: DUNWELL_MODELS/);
  });
});
