import { useState, type FormEvent } from 'react';
import { ProblemError } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';

function loginMessage(err: unknown): string {
  if (!(err instanceof ProblemError)) return 'The server did not answer. Check your connection and try again.';
  switch (err.code) {
    case 'AUTH_INVALID_CREDENTIALS':
      return 'Wrong e-mail or password.';
    case 'AUTH_LOCKED_OUT':
      return 'Too many failed attempts: this account is locked for a while. An admin can unlock it.';
    case 'AUTH_RATE_LIMITED':
      return 'Too many failed logins from this address. Wait a few minutes.';
    default:
      return err.message;
  }
}

export function LoginPage() {
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(email, password);
    } catch (err) {
      setError(loginMessage(err));
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">
          <img src="/favicon.svg" alt="" width="32" height="32" /> Chargemend
        </h1>
        <p className="muted">Remote diagnostics and after-sales service for EV chargers</p>
        <label>
          E-mail
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="note note-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
