/** Who is signed in, in the top bar, and the way out. */
import { useSession } from './session';

export function SignedIn() {
  const who = useSession((s) => s.who);
  const key = useSession((s) => s.key);
  const signOut = useSession((s) => s.signOut);
  if (!who) return null;
  return (
    <div className="signed-in" data-testid="signed-in" title={`Scopes: ${who.scopes.join(', ')}`}>
      <span className="signed-in__name">{who.name}</span>
      {key && (
        <button type="button" className="button button--ghost" onClick={signOut}>
          Sign out
        </button>
      )}
    </div>
  );
}
