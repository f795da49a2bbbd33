/**
 * The timeline as a calendar: one cell per day from issue, weekends shaded; the days a step fires
 * stand out with the time it is taken (a repeated step: "Email ×2"), and a day a contact rule held
 * a step back says which rule (weekend or holiday, the contact cap, the send window).
 */
import { type TimelineDay } from '../api';
import { actionName } from '../nodes/describe';
import { contactRuleNote, outcomeText } from './outcome';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** The short word for each contact rule that can hold a step back. */
const HELD_BY: Readonly<Record<string, string>> = {
  not_business_day: 'day off',
  contact_cap: 'cap',
  send_window_closed: 'window',
};
const dayOfWeek = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
const monthDay = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
/** A cell shows the day of the month, and the month too where one starts (or the calendar does). */
const cellDate = (date: string, first: boolean) =>
  first || date.endsWith('-01') ? monthDay(date) : String(Number(date.slice(8)));

interface TimelineCalendarProps {
  days: TimelineDay[];
  dueDate: string;
  selected?: string;
  onSelect: (day: TimelineDay) => void;
}

export function TimelineCalendar({ days, dueDate, selected, onSelect }: TimelineCalendarProps) {
  const first = days[0];
  if (!first) return null;
  const blanks = dayOfWeek(first.date);
  const fired = days.filter((d) => d.decision.outcome === 'action');
  return (
    <div className="timeline" data-testid="timeline">
      <div className="calendar" role="grid" aria-label="Decision for each day">
        {WEEKDAYS.map((w) => (
          <div key={w} className="calendar__weekday" role="columnheader">
            {w}
          </div>
        ))}
        {Array.from({ length: blanks }, (_, i) => (
          <div key={`blank-${i}`} className="calendar__blank" />
        ))}
        {days.map((d, i) => {
          const { decision } = d;
          const isAction = decision.outcome === 'action';
          // A contact the contact rules held back (a weekend, the cap, the window) or moved to the window.
          const held = decision.outcome === 'wait' && contactRuleNote(decision) !== undefined;
          const weekend = dayOfWeek(d.date) >= 5;
          const occurrence = decision.action?.occurrence ?? 1;
          return (
            <button
              key={d.date}
              type="button"
              role="gridcell"
              className={`calendar__day calendar__day--${decision.outcome} ${held ? 'is-held' : ''} ${weekend ? 'is-weekend' : ''} ${d.date === dueDate ? 'is-due' : ''} ${d.date === selected ? 'is-selected' : ''}`}
              title={`${d.date} (day ${d.day}): ${outcomeText(decision)}`}
              aria-label={`${monthDay(d.date)}: ${outcomeText(decision)}`}
              onClick={() => onSelect(d)}
              data-testid={`day-${d.date}`}
            >
              <span className="calendar__date">{cellDate(d.date, i === 0)}</span>
              {isAction && (
                <span className="calendar__action">
                  {actionName(decision.action!.type)}
                  {occurrence > 1 ? ` ×${occurrence}` : ''}
                </span>
              )}
              {decision.outcome === 'stop' && <span className="calendar__stop">stop</span>}
              {held && <span className="calendar__held">{HELD_BY[decision.reason ?? ''] ?? 'held'}</span>}
            </button>
          );
        })}
      </div>
      <ul className="timeline__legend">
        <li>
          <span className="swatch swatch--action" /> a step fires
        </li>
        <li>
          <span className="swatch swatch--wait" /> waiting
        </li>
        <li>
          <span className="swatch swatch--stop" /> stopped
        </li>
        <li>
          <span className="swatch swatch--due" /> due date
        </li>
        <li>
          <span className="swatch swatch--weekend" /> weekend
        </li>
        <li>
          <span className="calendar__held">day off</span> <span className="calendar__held">cap</span>{' '}
          <span className="calendar__held">window</span> a contact rule held the step back: a weekend or holiday, the
          contacts-per-week cap, the send window
        </li>
        <li>×2 a repeated step, the second time</li>
      </ul>
      <h3 className="section-title">Steps fired ({fired.length})</h3>
      <ol className="fired" data-testid="timeline-fired">
        {fired.map((d) => (
          <li key={d.date}>
            <button type="button" className="link-button" onClick={() => onSelect(d)}>
              <span className="fired__date">{monthDay(d.date)}</span> {outcomeText(d.decision)}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
