/** The sign-in screen: the editor works with an API key, checked with the engine before it is kept. */
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api';
import { useSession } from './session';

export function SignIn() {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const signIn = useSession((s) => s.signIn);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    setProblem(null);
    try {
      signIn(key.trim(), await api.checkKey(key.trim()));
    } catch (error) {
      setProblem(errorText(error).title);
    } finally {
      setChecking(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="sign-in__card" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <div className="brand" aria-hidden>
          <span className="brand__mark">D</span>
          <span className="brand__name">Dunwell</span>
        </div>
        <h1 id="sign-in-title">Sign in with an API key</h1>
        <p>
          The engine printed its first admin key when it started for the first time; an admin makes others with{' '}
          <code>pnpm keys create</code> or in the API. Editing needs the <code>policies:edit</code> scope, publishing{' '}
          <code>policies:publish</code>.
        </p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="dw_…"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          data-testid="api-key"
        />
        {problem && (
          <p className="sign-in__problem" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={checking || key.trim() === ''}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
