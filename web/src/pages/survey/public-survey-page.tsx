import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { FormError } from '../../components/form-error.tsx';

interface PublicSurvey {
  reference: string;
  title: string;
  answered: boolean;
  expiresAt: string;
}

const LABELS = ['very unhappy', 'unhappy', 'neutral', 'happy', 'very happy'];

/** The customer's side of the one-time survey link: no sign-in, one answer. */
export function PublicSurveyPage({ token }: { token: string }) {
  const survey = useResource(() => api.get<PublicSurvey>(`/api/surveys/public/${encodeURIComponent(token)}`), token);
  const send = useAction();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await send.run(() => api.post(`/api/surveys/public/${encodeURIComponent(token)}`, { score, ...(comment.trim() ? { comment: comment.trim() } : {}) }))) survey.reload();
  };
  return (
    <main className="login" id="main">
      <section className="login-card" aria-labelledby="survey-title">
        <h1 id="survey-title">How did we do?</h1>
        <DataState resource={survey} label="the survey">
          {(s) =>
            s.answered ? (
              <p role="status">Thank you for your answer about {s.reference}.</p>
            ) : (
              <form onSubmit={(e) => void submit(e)} className="stack">
                <p>
                  Our service for {s.reference}: {s.title}
                </p>
                <fieldset className="segmented">
                  <legend>Your satisfaction</legend>
                  {LABELS.map((l, i) => (
                    <label key={l} title={l}>
                      <input type="radio" name="score" checked={score === i + 1} onChange={() => setScore(i + 1)} aria-label={`${i + 1}, ${l}`} />
                      <span>{i + 1}</span>
                    </label>
                  ))}
                </fieldset>
                <label>
                  Anything you want to tell us
                  <textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
                </label>
                <FormError error={send.error} />
                <button type="submit" className="btn btn-primary" disabled={send.busy || score === 0}>
                  Send
                </button>
              </form>
            )
          }
        </DataState>
      </section>
    </main>
  );
}
