/** Tailwind classes of the dashboard's buttons, with a visible keyboard focus ring. */
export const BUTTON_STYLES = {
  primary:
    'rounded bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:opacity-60',
  secondary:
    'rounded border border-slate-400 bg-white px-3 py-1.5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-60',
  danger:
    'rounded border border-red-700 bg-white px-3 py-1.5 text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-blue-600 disabled:opacity-60',
} as const;
