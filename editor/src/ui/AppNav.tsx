/** The editor's screens: the dashboard, the policy canvas, the worklist, aging, the cash forecast, the reports, the decision log; the brand leads home. */
import { Link, useLocation } from 'wouter';

const SCREENS = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/', label: 'Policies' },
  { href: '/worklist', label: 'Worklist' },
  { href: '/aging', label: 'Aging' },
  { href: '/forecast', label: 'Forecast' },
  { href: '/reports', label: 'Reports' },
  { href: '/decisions', label: 'Decisions' },
];

export function AppNav() {
  const [location] = useLocation();
  return (
    <nav className="app-nav" aria-label="Screens">
      <Link href="/" className="brand">
        <span className="brand__mark" aria-hidden>
          D
        </span>
        <span className="brand__name">Dunwell</span>
      </Link>
      {SCREENS.map((s) => (
        <Link
          key={s.href}
          href={s.href}
          className={`app-nav__link${location === s.href ? ' app-nav__link--here' : ''}`}
          aria-current={location === s.href ? 'page' : undefined}
        >
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
