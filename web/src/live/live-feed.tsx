import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';

// One EventSource per tab on GET /api/live (the cm_access cookie authenticates it); pages subscribe to
// the events they show. After a gap (reconnect, or `dropped` for a slow reader) subscribers get `resync`
// and re-fetch what they display.

export const LIVE_EVENT_NAMES = [
  'connector.status',
  'fault.reported',
  'fault.cleared',
  'charger.connected',
  'charger.disconnected',
  'charger.offline',
  'charger.online',
  'charger.booted',
  'command.updated',
  'ticket.updated',
] as const;
export type LiveEventName = (typeof LIVE_EVENT_NAMES)[number] | 'resync';

export interface LiveEvent {
  name: LiveEventName;
  data: { chargerId?: string; at?: string; [k: string]: unknown };
}

export type LiveStatus = 'connecting' | 'open' | 'reconnecting';
type Listener = (e: LiveEvent) => void;

interface LiveValue {
  status: LiveStatus;
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<LiveValue | null>(null);
const RETRY_MS = 3_000;

export function LiveFeedProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let opened = false;
    const emit = (e: LiveEvent) => {
      for (const l of listeners.current) l(e);
    };
    const open = () => {
      source = new EventSource('/api/live');
      source.addEventListener('ready', () => {
        setStatus('open');
        if (opened) emit({ name: 'resync', data: {} });
        opened = true;
      });
      source.addEventListener('dropped', () => emit({ name: 'resync', data: {} }));
      for (const name of LIVE_EVENT_NAMES) {
        source.addEventListener(name, (m: MessageEvent<string>) => emit({ name, data: JSON.parse(m.data) as LiveEvent['data'] }));
      }
      source.onerror = () => {
        setStatus('reconnecting');
        if (source?.readyState !== EventSource.CLOSED) return; // the browser retries by itself
        // Closed for good (e.g. 401 after the access cookie expired): renew the session, then reopen.
        source = null;
        retry = setTimeout(() => {
          if (stopped) return;
          void api
            .refresh()
            .catch(() => undefined)
            .finally(() => !stopped && open());
        }, RETRY_MS);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);

  const value = useMemo<LiveValue>(
    () => ({
      status,
      subscribe(l) {
        listeners.current.add(l);
        return () => listeners.current.delete(l);
      },
    }),
    [status],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** The feed itself, for components that need every event (e.g. one command's progress). */
export function useLiveFeed(): LiveValue {
  const v = useContext(LiveContext);
  if (!v) throw new Error('useLiveFeed outside LiveFeedProvider');
  return v;
}

export function useLiveStatus(): LiveStatus {
  const v = useContext(LiveContext);
  if (!v) throw new Error('useLiveStatus outside LiveFeedProvider');
  return v.status;
}

/**
 * Calls `onEvent` for live events that pass `filter` (and for `resync`), at most once per `throttleMs`
 * (bursts from a fleet of chargers collapse into one re-fetch).
 */
export function useLiveEvents(filter: (e: LiveEvent) => boolean, onEvent: () => void, throttleMs = 750): void {
  const v = useContext(LiveContext);
  if (!v) throw new Error('useLiveEvents outside LiveFeedProvider');
  const latest = useRef({ filter, onEvent });
  latest.current = { filter, onEvent };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = v.subscribe((e) => {
      if (e.name !== 'resync' && !latest.current.filter(e)) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        latest.current.onEvent();
      }, throttleMs);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [v, throttleMs]);
}
