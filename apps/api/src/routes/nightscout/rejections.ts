import type { DocumentProblem } from './document-plans.ts';

/**
 * Response header of an API v1 POST that stored some documents but not all: the zero-based
 * positions of the documents not stored, in the request, separated by commas.
 */
export const REJECTED_DOCUMENTS_HEADER = 'phoenix-rejected-documents';

/** Max problems listed in one error description; the rest are counted. */
const MAX_DESCRIBED_PROBLEMS = 10;
/** Max characters of a value quoted in an error description. */
const MAX_VALUE_CHARS = 80;

/**
 * Describe why the documents of a request were not stored, for the client: each problem with
 * the document's position, the field and the value when known, and the reason. Values are
 * quoted as JSON, cut to 80 characters. Lists at most 10 problems and counts the rest.
 */
export function describeRejections(outcomes: readonly { problems: DocumentProblem[] }[]): string {
  const parts = outcomes.flatMap((outcome, index) =>
    outcome.problems.map((problem) => describeOne(index, problem)),
  );
  const listed = parts.slice(0, MAX_DESCRIBED_PROBLEMS);
  const more = parts.length - listed.length;
  // Many messages end with a full stop, which would stand before each semicolon of the list.
  const list =
    listed.map((part, at) => (at < listed.length - 1 ? part.replace(/\.$/, '') : part)).join('; ') +
    (more > 0 ? `; and ${more} more` : '');
  return `no document was stored: ${list}`;
}

function describeOne(index: number, problem: DocumentProblem): string {
  const where = [`document ${index}`];
  if (problem.field !== null) where.push(`field ${problem.field}`);
  if (problem.value !== null && problem.value !== undefined) {
    where.push(`value ${quote(problem.value)}`);
  }
  return `${where.join(', ')}: ${problem.message}`;
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}
