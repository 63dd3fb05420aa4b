/** A form's error, announced to screen readers as it appears. */
export function FormError({ error }: { error: string | undefined }) {
  return error ? (
    <p className="note note-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** A short confirmation after a form did its work. */
export function FormDone({ message }: { message: string | undefined }) {
  return message ? (
    <p className="note note-ok" role="status">
      {message}
    </p>
  ) : null;
}
