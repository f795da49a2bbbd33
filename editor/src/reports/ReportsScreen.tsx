/** The reports screen: its own top bar (screens, who is signed in) above the KPI report. */
import { SignedIn } from '../session/SignedIn';
import { AppNav } from '../ui/AppNav';
import { KpiPage } from './KpiPage';

export function ReportsScreen() {
  return (
    <div className="app app--reports">
      <header className="topbar">
        <AppNav />
        <span className="spacer" />
        <SignedIn />
      </header>
      <main className="report-page">
        <KpiPage />
      </main>
    </div>
  );
}
