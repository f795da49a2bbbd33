/**
 * Who is signed in to the editor: the API key it sends with every request. The key stays in this
 * tab's session storage (gone when the tab closes), never in the page's URL or in local storage.
 */
import { create } from 'zustand';

const STORAGE_KEY = 'dunwell.apiKey';

export interface Signed {
  id: string;
  name: string;
  scopes: string[];
}

interface SessionState {
  /** The key sent as `Authorization: Bearer`, when one was given. */
  key: string | null;
  /** Who the engine says the key is; null until checked. */
  who: Signed | null;
  /** Set when the engine refused the key (or wants one): the editor shows the sign-in screen. */
  needsKey: boolean;
  signIn(key: string, who: Signed): void;
  signOut(): void;
  refused(): void;
  checked(who: Signed): void;
}

const stored = () => {
  try {
    return globalThis.sessionStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
};

export const useSession = create<SessionState>((set) => ({
  key: stored(),
  who: null,
  needsKey: false,
  signIn: (key, who) => {
    globalThis.sessionStorage?.setItem(STORAGE_KEY, key);
    set({ key, who, needsKey: false });
  },
  signOut: () => {
    globalThis.sessionStorage?.removeItem(STORAGE_KEY);
    set({ key: null, who: null, needsKey: true });
  },
  refused: () => set({ who: null, needsKey: true }),
  checked: (who) => set({ who, needsKey: false }),
}));
