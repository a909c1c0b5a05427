import { useEffect, useRef, useState } from 'react';

/** State of a value loaded from the API. */
export type ResourceState<T> =
  { status: 'loading' } | { status: 'success'; data: T } | { status: 'error'; error: Error };

interface KeyedState<T> {
  key: string;
  state: ResourceState<T>;
}

/**
 * Loads a value with `load` whenever `key` changes, aborting the previous request, and
 * returns its state. `key` must name everything the request depends on (for example the
 * patient ID and period), because `load` itself is not compared. A result that arrives for an
 * old key is dropped, so the state never shows data of another request.
 */
export function useApiResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): ResourceState<T> {
  const loadRef = useRef(load);
  const [result, setResult] = useState<KeyedState<T> | null>(null);

  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          setResult({ key, state: { status: 'success', data } });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          const failure = error instanceof Error ? error : new Error(String(error));
          setResult({ key, state: { status: 'error', error: failure } });
        }
      },
    );
    return () => controller.abort();
  }, [key]);

  if (result === null || result.key !== key) {
    return { status: 'loading' };
  }
  return result.state;
}
