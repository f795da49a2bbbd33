/**
 * The CPU the whole machine spends, for the benches that set a goal rate: what a request or decision
 * costs on every core (engine, database server and load generator alike), and what the cores could
 * give each one at the goal's rate. While the cost is the larger, only less work per request meets it.
 */
import { cpus } from 'node:os';

/** Milliseconds all cores have been busy since boot. */
export const busyMs = () => cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);

/** Milliseconds of CPU the machine's cores have for each of `perSecond` requests or decisions. */
export const budgetMs = (perSecond: number) => (cpus().length * 1000) / perSecond;

export const coreCount = () => cpus().length;
