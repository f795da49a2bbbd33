/**
 * Work that arrives at the same time done together: the first group is handled as soon as the
 * current turn of the event loop ends, and items that arrive while a group is being handled gather
 * into the next. Nothing waits on a timer, so a
 * lone item costs no latency, and under load the groups grow by themselves. The decision log uses
 * it to write decisions made at the same time in one transaction, and decide to read their ledgers
 * and score their models together.
 */
export class Gatherer<I, O> {
  private pending: Array<{ item: I; done(value: O): void; failed(error: unknown): void }> = [];
  private draining: Promise<void> | undefined;

  /**
   * @param handle does a group, returning one result per item in order: a value, or an Error
   *   that fails that item's caller alone. A group that throws fails all its callers.
   * @param maxGroup the most items in one group.
   */
  constructor(
    private readonly handle: (items: I[]) => Promise<Array<O | Error>>,
    private readonly maxGroup: number,
  ) {}

  add(item: I): Promise<O> {
    return new Promise((done, failed) => {
      this.pending.push({ item, done, failed });
      this.draining ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Items added in the same turn (a Promise.all, say) join the first group.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0, this.maxGroup);
        try {
          const results = await this.handle(group.map((g) => g.item));
          group.forEach((g, i) => {
            const result = results[i];
            if (result instanceof Error) g.failed(result);
            else g.done(result as O);
          });
        } catch (error) {
          group.forEach((g) => g.failed(error));
        }
      }
    } finally {
      this.draining = undefined;
    }
  }
}
