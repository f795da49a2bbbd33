/** Whole UTC calendar days: the unit of every day-count fact. */
const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DD` that names a real calendar date. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of the UTC calendar date of a `YYYY-MM-DD` string or an instant. */
export function dayNumber(value: string | Date): number {
  if (typeof value !== 'string') return Math.floor(value.getTime() / MS_PER_DAY);
  // The same few dates (an invoice's issue and due dates) are read on every day of a forward evaluation.
  let day = counted.get(value);
  if (day === undefined) {
    if (counted.size >= MAX_COUNTED) counted.clear();
    counted.set(value, (day = countDays(value)));
  }
  return day;
}

const counted = new Map<string, number>();
const MAX_COUNTED = 50_000;

function countDays(value: string): number {
  // A plain date is counted without building a Date.
  if (PLAIN_DATE.test(value)) {
    const month = Number(value.slice(5, 7));
    const day = Number(value.slice(8, 10));
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return civilDay(Number(value.slice(0, 4)), month, day);
  }
  return Math.floor(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) / MS_PER_DAY);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12), by the days-from-civil formula. */
function civilDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function daysBetween(from: string | Date, to: string | Date): number {
  return dayNumber(to) - dayNumber(from);
}

/** The `YYYY-MM-DD` of a day number. */
export function dateOfDay(day: number): string {
  let date = named.get(day);
  if (date === undefined) {
    if (named.size >= MAX_COUNTED) named.clear();
    named.set(day, (date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10)));
  }
  return date;
}

const named = new Map<number, string>();

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}
