import type { EventEmitter } from 'node:events';

/** Resolves with the first `event` whose payload passes `match`, or rejects after `timeoutMs`. */
export function awaitEvent<E extends Record<keyof E, unknown[]>, K extends keyof E & string>(
  emitter: EventEmitter<E>,
  event: K,
  match: (...args: E[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<E[K][0]> {
  // EventEmitter's generic overloads are awkward to call generically; one narrow cast at this boundary.
  const ee = emitter as unknown as EventEmitter;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ee.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`));
    }, timeoutMs);
    const listener = (...args: unknown[]): void => {
      if (!match(...(args as E[K]))) return;
      clearTimeout(timer);
      ee.off(event, listener);
      resolve(args[0] as E[K][0]);
    };
    ee.on(event, listener);
  });
}
