/**
 * Renders a polite live region for the result of an action, for example "Bridge revoked.".
 * It stays in the page while empty, so that screen readers announce each new message.
 */
export function StatusMessage({ message }: { message: string | null }) {
  return (
    <p role="status" className="min-h-5 text-sm text-green-800">
      {message}
    </p>
  );
}
