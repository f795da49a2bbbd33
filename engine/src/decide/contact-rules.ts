/**
 * The contact rules at work (docs/policy.md, "Contact rules"): whether a contact may happen on a
 * day, and when within it. Business days come from a maintained holiday library (date-holidays)
 * for the account's country; the send window is read in the account's time zone (@date-fns/tz).
 * A day-level rule (the weekly cap, a weekend or public holiday, a day whose window has closed)
 * turns the contact into a wait until the first day it is allowed; the window then says at what
 * time the contact goes out.
 */
import { TZDate } from '@date-fns/tz';
import Holidays from 'date-holidays';
import { z } from 'zod';
import { contactRulesSchema, type ContactRules } from '../policy';
import { dateOfDay } from '../features/days';
import { isTimeZone } from '../features/inputs';
import { getSetting, setSetting, type Executor } from '../store';
import { contactsInWeek, type Memory } from './memory';

export const deploymentContactRulesSchema = contactRulesSchema
  .extend({
    /** For accounts whose time zone the ledger does not know. */
    defaultTimeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    /** For accounts whose country the ledger does not know: its public holidays count; null: weekends only. */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable(),
  })
  .meta({ id: 'ContactRules' });
export type DeploymentContactRules = z.infer<typeof deploymentContactRulesSchema>;

export const DEFAULT_CONTACT_RULES: DeploymentContactRules = {
  weeklyCap: 2,
  businessDaysOnly: true,
  sendWindow: { from: '08:00', to: '18:00' },
  defaultTimeZone: 'UTC',
  defaultCountry: null,
};

const SETTING = 'contact_rules';

/** The deployment's contact rules: as set, or the defaults. */
export async function readContactRules(db: Executor): Promise<DeploymentContactRules> {
  const stored = deploymentContactRulesSchema.safeParse(await getSetting(db, SETTING));
  return stored.success ? stored.data : DEFAULT_CONTACT_RULES;
}

export async function writeContactRules(db: Executor, rules: DeploymentContactRules): Promise<DeploymentContactRules> {
  await setSetting(db, SETTING, rules);
  return rules;
}

export type ContactRule = 'contact_cap' | 'not_business_day' | 'send_window_closed';

export type ContactCheck =
  | { allowed: true; sendAt: Date; moved?: string }
  | { allowed: false; rule: ContactRule; reviewDay: number; message: string };

/** Where the account is: for its public holidays and its time of day. */
export interface ContactPlace {
  country: string | undefined;
  timeZone: string | undefined;
}

const holidayCalendars = new Map<string, Map<number, Set<string>>>();

/** Public holidays of a country in a year, as YYYY-MM-DD in its own calendar. */
function publicHolidays(country: string, year: number): Set<string> {
  let byYear = holidayCalendars.get(country);
  if (!byYear) holidayCalendars.set(country, (byYear = new Map()));
  let days = byYear.get(year);
  if (!days) {
    const calendar = new Holidays(country);
    const list = calendar.getHolidays ? calendar.getHolidays(year) : [];
    days = new Set(list.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    byYear.set(year, days);
  }
  return days;
}

/** Why a day is no business day of the country, or undefined when it is one. */
export function notBusinessDay(day: number, country: string | undefined): string | undefined {
  // Day 0, 1970-01-01, was a Thursday (4); asked for every day ahead in a forward evaluation.
  const weekday = (((day + 4) % 7) + 7) % 7;
  if (weekday === 0 || weekday === 6) return weekday === 0 ? 'a Sunday' : 'a Saturday';
  if (!country) return undefined;
  const date = dateOfDay(day);
  return publicHolidays(country, Number(date.slice(0, 4))).has(date) ? `a public holiday in ${country}` : undefined;
}

/** The first day from `day` on that may carry a contact under these rules. */
function firstAllowedDay(rules: ContactRules, day: number, country: string | undefined, memory: Memory): number {
  for (let d = day; ; d++) {
    if (rules.weeklyCap !== null && contactsInWeek(memory, d) >= rules.weeklyCap) continue;
    if (rules.businessDaysOnly && notBusinessDay(d, country)) continue;
    return d;
  }
}

/** The instant a time of day (HH:MM) falls on, on a day, in a time zone: asked for every day of a forward evaluation. */
function at(day: number, clock: string, timeZone: string): Date {
  const key = `${day} ${clock} ${timeZone}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    const [y, m, d] = dateOfDay(day).split('-').map(Number) as [number, number, number];
    const [hh, mm] = clock.split(':').map(Number) as [number, number];
    if (instants.size >= 50_000) instants.clear();
    instants.set(key, (instant = new TZDate(y, m - 1, d, hh, mm, 0, timeZone).getTime()));
  }
  return new Date(instant);
}

const instants = new Map<string, number>();

/**
 * Whether a contact may go out on `day` (a day number) at or after `now`: and at what moment, or
 * why not and from which day it may.
 */
export function checkContact(
  rules: DeploymentContactRules,
  place: ContactPlace,
  memory: Memory,
  day: number,
  now: Date,
): ContactCheck {
  const country = place.country ?? rules.defaultCountry ?? undefined;
  const timeZone = place.timeZone ?? rules.defaultTimeZone;
  const contacts = contactsInWeek(memory, day);
  if (rules.weeklyCap !== null && contacts >= rules.weeklyCap) {
    const reviewDay = firstAllowedDay(rules, day, country, memory);
    const message = `The account was contacted ${contacts} times in the last 7 days (at most ${rules.weeklyCap}); next contact on ${dateOfDay(reviewDay)}`;
    return { allowed: false, rule: 'contact_cap', reviewDay, message };
  }
  const why = rules.businessDaysOnly ? notBusinessDay(day, country) : undefined;
  if (why) {
    const reviewDay = firstAllowedDay(rules, day + 1, country, memory);
    const message = `${dateOfDay(day)} is ${why}: no contact until the next business day, ${dateOfDay(reviewDay)}`;
    return { allowed: false, rule: 'not_business_day', reviewDay, message };
  }
  if (!rules.sendWindow) return { allowed: true, sendAt: now };
  const opens = at(day, rules.sendWindow.from, timeZone);
  const closes = at(day, rules.sendWindow.to, timeZone);
  const window = `${rules.sendWindow.from}\u2013${rules.sendWindow.to} ${timeZone}`;
  if (now.getTime() < opens.getTime()) {
    return {
      allowed: true,
      sendAt: opens,
      moved: `Sent when the send window opens (${window}): ${opens.toISOString()}`,
    };
  }
  if (now.getTime() < closes.getTime()) return { allowed: true, sendAt: now };
  const reviewDay = firstAllowedDay(rules, day + 1, country, memory);
  const message = `The send window (${window}) has closed for ${dateOfDay(day)}: next contact on ${dateOfDay(reviewDay)}`;
  return { allowed: false, rule: 'send_window_closed', reviewDay, message };
}
