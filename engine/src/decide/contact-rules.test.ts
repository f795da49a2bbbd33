import { describe, expect, it } from 'vitest';
import { tighten } from '../policy';
import { dayNumber } from '../features/days';
import { checkContact, DEFAULT_CONTACT_RULES, notBusinessDay } from './contact-rules';
import { memoryOf } from './memory';

const day = (date: string) => dayNumber(date);
const none = memoryOf([]);
const berlin = { country: 'DE', timeZone: 'Europe/Berlin' };

describe('contact rules', () => {
  it('know weekends and the public holidays of the account\u2019s country', () => {
    expect(notBusinessDay(day('2026-03-28'), 'DE')).toBe('a Saturday');
    expect(notBusinessDay(day('2026-03-29'), undefined)).toBe('a Sunday');
    expect(notBusinessDay(day('2026-05-01'), 'DE')).toBe('a public holiday in DE');
    expect(notBusinessDay(day('2026-05-01'), 'US')).toBeUndefined();
    expect(notBusinessDay(day('2026-07-03'), 'US')).toBe('a public holiday in US'); // Independence Day, observed
    expect(notBusinessDay(day('2026-11-26'), 'US')).toBe('a public holiday in US'); // Thanksgiving
    expect(notBusinessDay(day('2026-05-01'), undefined)).toBeUndefined();
  });

  it('hold a contact on a weekend or holiday until the next business day', () => {
    const check = checkContact(
      DEFAULT_CONTACT_RULES,
      berlin,
      none,
      day('2026-04-03'),
      new Date('2026-04-03T07:00:00Z'),
    );
    // Good Friday, then the weekend, then Easter Monday: Tuesday.
    expect(check).toMatchObject({ allowed: false, rule: 'not_business_day', reviewDay: day('2026-04-07') });
  });

  it('send inside the window in the account\u2019s time zone, and wait a day once it has closed', () => {
    const ny = { country: 'US', timeZone: 'America/New_York' };
    const early = checkContact(DEFAULT_CONTACT_RULES, ny, none, day('2026-04-01'), new Date('2026-04-01T06:00:00Z'));
    // 08:00 in New York is 12:00 UTC in April.
    expect(early).toMatchObject({ allowed: true, sendAt: new Date('2026-04-01T12:00:00Z') });
    expect(early.allowed && early.moved).toContain('08:00\u201318:00 America/New_York');
    const inside = checkContact(DEFAULT_CONTACT_RULES, ny, none, day('2026-04-01'), new Date('2026-04-01T15:30:00Z'));
    expect(inside).toEqual({ allowed: true, sendAt: new Date('2026-04-01T15:30:00Z') });
    const late = checkContact(DEFAULT_CONTACT_RULES, ny, none, day('2026-04-03'), new Date('2026-04-03T23:00:00Z'));
    // Friday 19:00 in New York: closed; the weekend follows.
    expect(late).toMatchObject({ allowed: false, rule: 'send_window_closed', reviewDay: day('2026-04-06') });
  });

  it('cap the contacts in any 7 days in a row, and say when the next one may go', () => {
    const contacted = memoryOf([
      { step: 'a', type: 'email', date: '2026-04-01' },
      { step: 'b', type: 'sms', date: '2026-04-06' },
    ]);
    const check = checkContact(
      DEFAULT_CONTACT_RULES,
      berlin,
      contacted,
      day('2026-04-07'),
      new Date('2026-04-07T09:00:00Z'),
    );
    // Two in the 7 days to 04-07: the 04-01 contact leaves the window on 04-08.
    expect(check).toMatchObject({ allowed: false, rule: 'contact_cap', reviewDay: day('2026-04-08') });
    expect(
      checkContact(DEFAULT_CONTACT_RULES, berlin, contacted, day('2026-04-08'), new Date('2026-04-08T09:00:00Z'))
        .allowed,
    ).toBe(true);
  });

  it('may be tightened by a policy and never loosened', () => {
    const deployment = { weeklyCap: 2, businessDaysOnly: true, sendWindow: { from: '08:00', to: '18:00' } };
    expect(tighten(deployment, { weeklyCap: 1, sendWindow: { from: '09:00', to: '20:00' } })).toEqual({
      weeklyCap: 1,
      businessDaysOnly: true,
      sendWindow: { from: '09:00', to: '18:00' },
    });
    expect(tighten(deployment, { weeklyCap: 5, businessDaysOnly: false, sendWindow: null })).toEqual(deployment);
    expect(tighten({ weeklyCap: null, businessDaysOnly: false, sendWindow: null }, { weeklyCap: 3 })).toEqual({
      weeklyCap: 3,
      businessDaysOnly: false,
      sendWindow: null,
    });
  });
});
