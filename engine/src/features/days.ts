/** Whole UTC calendar days: the unit of every day-count fact. */
const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DD` that names a real calendar date. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Days since 1970-01-01 of the UTC calendar date of a `YYYY-MM-DD` string or an instant. */
export function dayNumber(value: string | Date): number {
  const ms =
    typeof value === 'string' ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : value.getTime();
  return Math.floor(ms / MS_PER_DAY);
}

export function daysBetween(from: string | Date, to: string | Date): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * MS_PER_DAY).toISOString().slice(0, 10);
}
