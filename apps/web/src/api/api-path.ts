/**
 * Builds an API path from a template's segments and query parameters: every segment is
 * percent-encoded, and query parameters that are undefined or empty are left out.
 * `apiPath(['patients', id, 'report'], { from, to })` → `/api/v1/patients/<id>/report?from=…`.
 */
export function apiPath(
  segments: readonly string[],
  query: Readonly<Record<string, string | number | undefined>> = {},
): string {
  const path = `/api/v1/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      search.set(name, String(value));
    }
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}
