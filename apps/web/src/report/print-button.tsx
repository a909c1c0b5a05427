/** Renders a button that opens the browser's print dialog, where the report can be saved as PDF. */
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded border border-slate-400 bg-white px-3 py-1.5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 print:hidden"
    >
      Print or save as PDF
    </button>
  );
}
