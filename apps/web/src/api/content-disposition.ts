// One `; name=value` parameter, where the value is a quoted string (which may contain `;` and
// backslash escapes) or a token up to the next `;`.
const PARAMETER = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;

/**
 * Reads the file name from a `Content-Disposition` header (RFC 6266). The `filename*`
 * parameter (RFC 8187, UTF-8 only) wins over `filename`. Directory parts are stripped, so a
 * name such as `../x.csv` cannot point outside the download folder. Returns null when the
 * header is missing or names no file.
 */
export function fileNameFromContentDisposition(header: string | null): string | null {
  if (header === null) {
    return null;
  }
  const parameters = new Map<string, string>();
  for (const match of header.matchAll(PARAMETER)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!parameters.has(name)) {
      parameters.set(name, (match[2] ?? '').trim());
    }
  }

  const extended = parameters.get('filename*');
  const plain = parameters.get('filename');
  const decoded = extended === undefined ? null : decodeExtendedValue(extended);
  const name = decoded ?? (plain === undefined ? null : unquote(plain));
  return name === null ? null : baseName(name);
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

// An RFC 8187 ext-value is `charset'language'percent-encoded-bytes`. Returns null for another
// charset than UTF-8 or a malformed value, so the caller falls back to `filename`.
function decodeExtendedValue(value: string): string | null {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (match === null || (match[1] ?? '').toLowerCase() !== 'utf-8') {
    return null;
  }
  try {
    return decodeURIComponent(match[2] ?? '');
  } catch {
    return null;
  }
}

function baseName(name: string): string | null {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).trim();
  return base === '' ? null : base;
}
