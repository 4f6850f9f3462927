/**
 * One "abort" listener per AbortSignal, however many calls share it: a worker
 * that hands one job signal to 30 concurrent calls must not trip Node's
 * MaxListenersExceededWarning (the default limit is 10 per event).
 */
interface Entry {
  readonly callbacks: Set<() => void>;
  readonly fire: () => void;
}

const entries = new WeakMap<AbortSignal, Entry>();

/** Calls `callback` once when `signal` aborts; returns the function that unsubscribes. @internal */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let entry = entries.get(signal);
  if (entry === undefined) {
    const callbacks = new Set<() => void>();
    const fire = () => {
      entries.delete(signal);
      for (const cb of callbacks) cb();
    };
    entry = { callbacks, fire };
    entries.set(signal, entry);
    signal.addEventListener("abort", fire, { once: true });
  }
  const { callbacks, fire } = entry;
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0 && entries.get(signal)?.fire === fire) {
      entries.delete(signal);
      signal.removeEventListener("abort", fire);
    }
  };
}

/** What `raceAbort` rejects with when the signal fires first. @internal */
export const ABORTED = Symbol("aborted");

/** `promise`, or a rejection with ABORTED as soon as `signal` aborts. @internal */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(ABORTED);
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(ABORTED));
    promise.then(
      (v) => {
        stop();
        resolve(v);
      },
      (e) => {
        stop();
        reject(e);
      },
    );
  });
}
