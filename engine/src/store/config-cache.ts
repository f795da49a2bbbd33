/**
 * What every decision reads and almost nothing changes (the default policy, each policy's active
 * version, the contact rules), held in memory (docs/store.md, "What is cached"). Any change to the
 * settings or policies tables, by any process or by hand, fires a trigger that notifies the
 * `dunwell_config` channel (migration 0005); each process listens and forgets everything it held.
 * On PostgreSQL that is LISTEN/NOTIFY across processes; on PGlite, one process, the notice is
 * delivered in-process before the writing statement returns. This process's own writes also forget
 * at once, without waiting for the notice to come back from the server.
 *
 * Nothing is cached until the listener is confirmed, and a reconnected listener forgets everything,
 * since notices sent while it was away are lost.
 */
import { type Database } from './database';

export const CONFIG_CHANNEL = 'dunwell_config';

const written = new Set<() => void>();

/** Called by the store's writers of cached tables: every cache in this process forgets at once. */
export function configWritten(): void {
  written.forEach((forget) => forget());
}

export class ConfigCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  private live = false;
  private stopping?: () => Promise<void>;

  /** A value by key, loaded once until the next change; loaded every time while not listening. */
  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.live) return load();
    let entry = this.entries.get(key) as Promise<T> | undefined;
    if (!entry) {
      entry = load();
      this.entries.set(key, entry);
      entry.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    }
    return entry;
  }

  forget(): void {
    this.entries.clear();
  }

  /** Listens for changes; caching starts once the listener is in place. */
  async follow(database: Database): Promise<void> {
    const forget = () => this.forget();
    written.add(forget);
    const unlisten = await database.listen(CONFIG_CHANNEL, forget, () => {
      this.forget();
      this.live = true;
    });
    this.stopping = async () => {
      this.live = false;
      written.delete(forget);
      this.forget();
      await unlisten();
    };
  }

  async stop(): Promise<void> {
    await this.stopping?.();
  }
}
