import type { Problem, Session } from './types.ts';

/** An answer of the API that was not 2xx, with its problem document (RFC 9457). */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ProblemError';
  }
  get code(): string {
    return this.problem.code;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/**
 * The dashboard's HTTP client. The access token lives in memory only; the refresh token travels as the
 * HttpOnly `cm_refresh` cookie, so a reload resumes the session through `POST /api/auth/refresh` without
 * any token in page storage. An expired access token is refreshed once, then the request is retried.
 */
export class ApiClient {
  private accessToken: string | null = null;
  private refreshing: Promise<Session> | null = null;
  private sessionListener: (s: Session | null) => void = () => {};

  onSession(listener: (s: Session | null) => void): void {
    this.sessionListener = listener;
  }

  async login(email: string, password: string): Promise<Session> {
    const s = await this.send<Session>('POST', '/api/auth/login', { email, password }, false);
    this.adopt(s);
    return s;
  }

  /** Trades the refresh cookie for new tokens; concurrent callers share one request (tokens rotate). */
  refresh(): Promise<Session> {
    this.refreshing ??= this.send<Session>('POST', '/api/auth/refresh', undefined, false)
      .then((s) => {
        this.adopt(s);
        return s;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  async logout(): Promise<void> {
    try {
      if (this.accessToken) await this.send<null>('POST', '/api/auth/logout', undefined, true);
    } finally {
      this.accessToken = null;
      this.sessionListener(null);
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.call<T>('GET', withQuery(path, query));
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }
  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }
  /** Sends a file as the raw request body (documents, firmware images); the query names it. */
  upload<T>(path: string, file: Blob, query?: Query): Promise<T> {
    return this.call<T>('POST', withQuery(path, query), new RawBody(file, file.type || 'application/octet-stream'));
  }

  private adopt(s: Session): void {
    this.accessToken = s.accessToken;
    this.sessionListener(s);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.send<T>(method, path, body, true);
    } catch (err) {
      if (!(err instanceof ProblemError) || !['AUTH_TOKEN_EXPIRED', 'AUTH_TOKEN_INVALID', 'AUTH_REQUIRED'].includes(err.code)) throw err;
      try {
        await this.refresh();
      } catch {
        this.accessToken = null;
        this.sessionListener(null);
        throw err;
      }
      return this.send<T>(method, path, body, true);
    }
  }

  private async send<T>(method: string, path: string, body: unknown, bearer: boolean): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body instanceof RawBody) headers['content-type'] = body.type;
    else if (body !== undefined) headers['content-type'] = 'application/json';
    if (bearer && this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    const payload = body === undefined ? null : body instanceof RawBody ? body.file : JSON.stringify(body);
    const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
    if (res.status === 204) return null as T;
    const text = await res.text();
    const data: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) throw new ProblemError(isProblem(data) ? data : { type: 'about:blank', title: res.statusText, status: res.status, code: `HTTP_${res.status}`, detail: text.slice(0, 200) });
    return data as T;
  }
}

class RawBody {
  constructor(
    readonly file: Blob,
    readonly type: string,
  ) {}
}

function isProblem(v: unknown): v is Problem {
  return typeof v === 'object' && v !== null && 'code' in v && 'status' in v;
}

export const api = new ApiClient();
