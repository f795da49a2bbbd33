/**
 * The decision log written in groups (docs/decide.md, "Retries, batches and the log"): each decision is durable before its
 * response, but decisions made at the same time share one transaction, and so one commit. While a
 * group is being written the next one gathers (gather.ts); nothing waits on a timer, so a lone
 * decision is written at once. A decision with an `Idempotency-Key` is written with its key, both or neither:
 * when the key is already taken (by an earlier request or another in the same group) its decision
 * is left out and the caller replays the one that holds the key.
 *
 * If a group's transaction fails, its decisions are written one at a time, so one bad row fails
 * only its own request.
 */
import { inArray } from 'drizzle-orm';
import { Gatherer } from '../gather';
import { type Executor } from './database';
import { insertDecisionRows } from './decisions';
import { decisions, idempotencyKeys, type NewDecisionRow } from './schema';

export interface LogKey {
  key: string;
  requestHash: string;
}

/** Whether the decision was logged, or left out because its key was taken. */
export type LogResult = { created: true } | { created: false };

interface Entry {
  row: NewDecisionRow;
  key?: LogKey | undefined;
}

/** Decisions per transaction at most. */
const MAX_GROUP = 2_000;

export class DecisionLog {
  private readonly groups = new Gatherer<Entry, LogResult>((group) => this.writeGroup(group), MAX_GROUP);
  /** Decisions written and transactions committed, for `pnpm bench`. */
  readonly counts = { decisions: 0, commits: 0 };

  constructor(private readonly db: Executor) {}

  append(row: NewDecisionRow, key?: LogKey): Promise<LogResult> {
    return this.groups.add({ row, key });
  }

  private async writeGroup(group: Entry[]): Promise<Array<LogResult | Error>> {
    try {
      const taken = await this.write(group);
      return group.map((entry) => ({ created: !taken.has(entry) }));
    } catch (error) {
      if (group.length === 1) return [error instanceof Error ? error : new Error(String(error))];
      const results: Array<LogResult | Error> = [];
      for (const entry of group) results.push(...(await this.writeGroup([entry])));
      return results;
    }
  }

  /** Writes a group in one transaction; returns the entries left out because their key was taken. */
  private async write(group: Entry[]): Promise<Set<Entry>> {
    // The first of a group to use a key has it; the others wait for the replay.
    const byKey = new Map<string, Entry>();
    const taken = new Set<Entry>();
    for (const entry of group) {
      if (!entry.key) continue;
      if (byKey.has(entry.key.key)) taken.add(entry);
      else byKey.set(entry.key.key, entry);
    }
    const rows = group.filter((e) => !taken.has(e)).map((e) => e.row);
    await this.db.transaction(async (tx) => {
      await insertDecisionRows(tx, rows);
      if (byKey.size === 0) return;
      // A key being inserted by a concurrent transaction makes this wait for it, then skip the key if it committed.
      const inserted = await tx
        .insert(idempotencyKeys)
        .values([...byKey.values()].map((e) => ({ ...e.key!, decisionId: e.row.id })))
        .onConflictDoNothing({ target: idempotencyKeys.key })
        .returning({ key: idempotencyKeys.key });
      const kept = new Set(inserted.map((r) => r.key));
      const lost = [...byKey.values()].filter((e) => !kept.has(e.key!.key));
      if (lost.length === 0) return;
      lost.forEach((e) => taken.add(e));
      await tx.delete(decisions).where(
        inArray(
          decisions.id,
          lost.map((e) => e.row.id),
        ),
      );
    });
    this.counts.decisions += group.length - taken.size;
    this.counts.commits += 1;
    return taken;
  }
}
