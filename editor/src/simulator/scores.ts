/** A model score as people read it: a probability in percent, days with their unit, dates as dates. */
import { getFact } from '@dunwell/engine/policy';
import { formatNumber, formatValue } from '../nodes/describe';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const dateText = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

export function scoreText(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => scoreText(name, v)).join(' – ');
  if (typeof value === 'string' && ISO_DAY.test(value)) return dateText(value);
  if (typeof value === 'number') {
    const unit = getFact(name)?.unit;
    // One decimal: a model's fourth digit is noise to the person reading it.
    if (unit === 'probability' || unit === 'ratio') return `${formatNumber(Math.round(value * 1000) / 10)}%`;
    if (unit === 'days') return `${formatNumber(Math.round(value * 10) / 10)} days`;
  }
  return formatValue(value, name);
}
