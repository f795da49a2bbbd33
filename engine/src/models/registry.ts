/**
 * The models the engine serves: every version found under `<modelsDir>/<name>/<version>/`,
 * one active per model. Sessions are created at start-up and on activation (creating one
 * blocks the thread), never per request; activation swaps the pointer, no restart.
 * A version that fails to load is reported, never a crash: decide then runs without it
 * and the model facts are missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { DomainError } from '../errors';
import { getSetting, setSetting, type Executor } from '../store';
import { manifestSchema, MODEL_NAMES, OUTPUT_COLUMNS, type ModelManifest, type ModelName } from './manifest';

export interface LoadedModel {
  /** The version's folder name. */
  version: string;
  manifest: ModelManifest;
  session: ort.InferenceSession;
  /** Where each output the engine reads sits in a row of the model's output (OUTPUT_COLUMNS). */
  columns: Record<string, number>;
}

interface VersionEntry {
  version: string;
  dir: string;
  manifest?: ModelManifest;
  error?: string;
}

const activeKey = (name: ModelName) => `active_model.${name}`;

/**
 * The models are small. onnxruntime's default thread pool spins its threads while waiting for work,
 * which under HTTP load took the CPU that decisions, the HTTP server and the database needed; one
 * thread, not spinning, leaves it to them.
 */
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
};

export class ModelRegistry {
  private readonly versions = new Map<ModelName, VersionEntry[]>();
  private readonly active = new Map<ModelName, LoadedModel>();
  private readonly failures = new Map<ModelName, string>();

  constructor(
    private readonly modelsDir: string,
    private readonly db: Executor,
  ) {}

  /** Scans the folder and loads each model's active version (the stored choice, else the newest). */
  async init(): Promise<void> {
    for (const name of MODEL_NAMES) {
      const entries = this.scan(name);
      this.versions.set(name, entries);
      const chosen = (await getSetting(this.db, activeKey(name))) as string | undefined;
      const usable = entries.filter((e) => e.manifest);
      const newest = usable.sort((a, b) => (a.manifest!.createdAt < b.manifest!.createdAt ? 1 : -1))[0];
      const pick = entries.find((e) => e.version === chosen && e.manifest) ?? newest;
      if (pick) await this.load(name, pick).catch((error: Error) => this.failures.set(name, error.message));
    }
  }

  private scan(name: ModelName): VersionEntry[] {
    const root = join(this.modelsDir, name);
    if (!existsSync(root)) return [];
    return readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => {
        const dir = join(root, d.name);
        try {
          const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
          if (manifest.name !== name) throw new Error(`its manifest says it is a ${manifest.name} model`);
          if (manifest.version !== d.name) throw new Error(`its folder must be named after its version ${manifest.version}`);
          return { version: d.name, dir, manifest };
        } catch (error) {
          return { version: d.name, dir, error: `cannot read manifest.json: ${(error as Error).message.slice(0, 300)}` };
        }
      });
  }

  private async load(name: ModelName, entry: VersionEntry): Promise<void> {
    const manifest = entry.manifest!;
    const written = manifest.output.columns;
    const missing = OUTPUT_COLUMNS[name].filter((c) => !written.includes(c));
    if (missing.length > 0) throw new Error(`its manifest's output.columns lack ${missing.join(', ')}`);
    const session = await ort.InferenceSession.create(join(entry.dir, manifest.onnxFile), SESSION_OPTIONS);
    const columns = Object.fromEntries(written.map((c, i) => [c, i]));
    this.active.set(name, { version: entry.version, manifest, session, columns });
    this.failures.delete(name);
  }

  get(name: ModelName): LoadedModel | undefined {
    return this.active.get(name);
  }

  list() {
    return MODEL_NAMES.map((name) => ({
      name,
      activeVersion: this.active.get(name)?.version ?? null,
      loadError: this.failures.get(name) ?? null,
      versions: (this.versions.get(name) ?? []).map((e) => ({
        version: e.version,
        active: e.version === this.active.get(name)?.version,
        createdAt: e.manifest?.createdAt ?? null,
        trainerVersion: e.manifest?.trainerVersion ?? null,
        data: e.manifest ? { source: e.manifest.data.source, rows: e.manifest.data.rows, provenance: e.manifest.data.provenance } : null,
        split: e.manifest?.split ?? null,
        metrics: e.manifest?.metrics ?? null,
        error: e.error ?? null,
      })),
    }));
  }

  /** Loads a version and swaps it in; the choice survives restarts. */
  async activate(name: string, version: string): Promise<void> {
    if (!(MODEL_NAMES as readonly string[]).includes(name)) throw new DomainError('model_not_found', `No model named ${name}`);
    const model = name as ModelName;
    // A version copied into the folder after start-up is found by scanning again.
    if (!(this.versions.get(model) ?? []).some((e) => e.version === version)) this.versions.set(model, this.scan(model));
    const entry = (this.versions.get(model) ?? []).find((e) => e.version === version);
    if (!entry) throw new DomainError('model_version_not_found', `Model ${name} has no version ${version}`);
    if (!entry.manifest) throw new DomainError('model_unusable', `Model ${name} version ${version} cannot be used: ${entry.error}`);
    try {
      await this.load(model, entry);
    } catch (error) {
      throw new DomainError('model_unusable', `Model ${name} version ${version} failed to load: ${(error as Error).message}`);
    }
    await setSetting(this.db, activeKey(model), version);
  }
}
