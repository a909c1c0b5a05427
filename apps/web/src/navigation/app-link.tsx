import type { AnchorHTMLAttributes, MouseEvent } from 'react';

import { navigateTo } from './location.ts';

/** Props of `AppLink`: an anchor's attributes, with `to` in place of `href`. */
export interface AppLinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  /** Path of the dashboard, query included. */
  to: string;
}

/**
 * Renders a link to a page of the dashboard. A plain click changes the page without a reload.
 * A click with a modifier key or the middle button keeps the browser's own behaviour (a new
 * tab or window).
 */
export function AppLink({ to, onClick, children, ...attributes }: AppLinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified) {
      return;
    }
    event.preventDefault();
    navigateTo(to);
  };
  return (
    <a href={to} onClick={handleClick} {...attributes}>
      {children}
    </a>
  );
}
