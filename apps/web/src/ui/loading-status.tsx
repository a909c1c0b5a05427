/** Renders a polite live region that names what is loading, for example "Loading readings…". */
export function LoadingStatus({ label }: { label: string }) {
  return (
    <p role="status" className="text-slate-600">
      {label}
    </p>
  );
}
