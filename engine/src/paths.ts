/**
 * Where the engine's files are. Every path is taken from the engine's folder, found from this
 * module: `src/paths.ts` from source, `dist/<entry>.js` once built, both one level below it.
 */
import { fileURLToPath } from 'node:url';

const ENGINE_DIR = new URL('../', import.meta.url);

const inEngine = (path: string) => fileURLToPath(new URL(path, ENGINE_DIR));

/** The models shipped in this repository. */
export const SHIPPED_MODELS_DIR = inEngine('../models/');
export const MIGRATIONS_DIR = inEngine('drizzle');
export const SAMPLE_POLICY_FILE = inEngine('policies/standard-b2b.json');
export const MAPPING_PRESETS_DIR = inEngine('mappings/');
export const EDITOR_DIST_DIR = inEngine('../editor/dist');
