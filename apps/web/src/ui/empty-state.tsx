import type { ReactNode } from 'react';

/** Renders a notice that there is nothing to show, for example "No readings in this range." */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded border border-dashed border-slate-300 p-6 text-center">
      {children}
    </p>
  );
}
