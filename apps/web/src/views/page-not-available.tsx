import { AppLink } from '../navigation/app-link.tsx';

/** Props of `PageNotAvailable`. */
export interface PageNotAvailableProps {
  /** Why the page cannot be shown: an unknown address, or a page of another role. */
  reason: 'not-found' | 'role';
}

/** Renders the notice for an address without a page, or a page the user's role may not open. */
export function PageNotAvailable({ reason }: PageNotAvailableProps) {
  return (
    <div role="alert" className="space-y-2 rounded border border-slate-300 bg-white p-4">
      <h1 className="text-xl font-bold">
        {reason === 'not-found' ? 'Page not found' : 'This page is not available to your role'}
      </h1>
      <p>
        {reason === 'not-found'
          ? 'There is no page at this address.'
          : 'Your role does not give access to this page.'}
      </p>
      <AppLink to="/" className="text-blue-800 underline">
        Go to your start page
      </AppLink>
    </div>
  );
}
