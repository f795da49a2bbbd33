/** A screen other than the canvas (reports, the decision log): the screens, who is signed in, the page. */
import { type ReactNode } from 'react';
import { SignedIn } from '../session/SignedIn';
import { AppNav } from './AppNav';

export function Screen({ children }: { children: ReactNode }) {
  return (
    <div className="app app--screen">
      <header className="topbar">
        <AppNav />
        <span className="spacer" />
        <SignedIn />
      </header>
      <main className="screen">{children}</main>
    </div>
  );
}
