/**
 * The daily run: a deployment setting (whether, at what time UTC, with which policy). Every engine
 * process checks it now and then; a unique index lets only one of them start the day's run.
 */
import { z } from 'zod';
import { policyNotFound } from '../errors';
import {
  getPolicy,
  getSetting,
  runExists,
  setSetting,
  sqlState,
  UNIQUE_VIOLATION,
  type Executor,
  type RunRow,
} from '../store';
import { type RunService } from './service';

export const runScheduleSchema = z
  .object({
    enabled: z.boolean(),
    /** Time of day, UTC, from which the day's run starts. */
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (UTC)'),
    /** null: the default policy. */
    policyId: z.string().min(1).nullable(),
  })
  .strict()
  .meta({ id: 'RunSchedule' });
export type RunSchedule = z.infer<typeof runScheduleSchema>;

export const DEFAULT_RUN_SCHEDULE: RunSchedule = { enabled: false, at: '06:00', policyId: null };
const SETTING = 'run_schedule';

export async function readRunSchedule(db: Executor): Promise<RunSchedule> {
  const stored = runScheduleSchema.safeParse(await getSetting(db, SETTING));
  return stored.success ? stored.data : DEFAULT_RUN_SCHEDULE;
}

/** Stores the schedule; a policy it names must exist (a run with an unknown one would fail every day). */
export async function writeRunSchedule(db: Executor, schedule: RunSchedule): Promise<RunSchedule> {
  if (schedule.policyId !== null && !(await getPolicy(db, schedule.policyId))) throw policyNotFound(schedule.policyId);
  await setSetting(db, SETTING, schedule);
  return schedule;
}

/** Starts today's scheduled run when it is time and no process has started it yet; returns it if this one did. */
export async function startScheduledRun(db: Executor, runs: RunService, now: Date): Promise<RunRow | undefined> {
  const schedule = await readRunSchedule(db);
  const today = now.toISOString().slice(0, 10);
  if (!schedule.enabled || now.toISOString().slice(11, 16) < schedule.at) return undefined;
  if (await runExists(db, today, 'schedule')) return undefined;
  try {
    return await runs.start({ asOf: today, policyId: schedule.policyId ?? undefined, trigger: 'schedule' });
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION) return undefined; // another process started it
    throw error;
  }
}
