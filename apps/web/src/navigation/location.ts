import { useSyncExternalStore } from 'react';

/** Event sent on `window` after `navigateTo` changes the address, since pushState sends none. */
const NAVIGATION_EVENT = 'phoenix-ascend:navigate';

/**
 * Goes to a path of the dashboard (query included) without reloading the page: it adds a
 * history entry, or replaces the current one with `replace`, and re-renders every component
 * that reads the location.
 */
export function navigateTo(path: string, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) {
    window.history.replaceState(null, '', path);
  } else {
    window.history.pushState(null, '', path);
  }
  window.dispatchEvent(new Event(NAVIGATION_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATION_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATION_EVENT, onChange);
  };
}

/** The current path and query, for example `/patients/…/daily?date=2019-10-28`. */
export interface CurrentLocation {
  pathname: string;
  search: URLSearchParams;
}

let cachedHref = '';
let cachedLocation: CurrentLocation = { pathname: '/', search: new URLSearchParams() };

function readLocation(): CurrentLocation {
  const href = window.location.pathname + window.location.search;
  // useSyncExternalStore needs the same object while the address is unchanged.
  if (href !== cachedHref) {
    cachedHref = href;
    cachedLocation = {
      pathname: window.location.pathname,
      search: new URLSearchParams(window.location.search),
    };
  }
  return cachedLocation;
}

/** Returns the current location and re-renders on back, forward and `navigateTo`. */
export function useCurrentLocation(): CurrentLocation {
  return useSyncExternalStore(subscribe, readLocation);
}
