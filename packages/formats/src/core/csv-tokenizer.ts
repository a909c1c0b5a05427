/**
 * Streaming CSV tokenizer after RFC 4180: fields separated by `,` or `;`, double-quoted fields
 * with `""` for a quote, line breaks inside quotes, rows ended by CRLF, LF or a lone CR.
 *
 * It takes text in chunks of any size (a chunk may end mid-field or between CR and LF) and
 * returns rows as they complete, so only one partial row is kept in memory. It is lenient where real
 * exports are sloppy: rows may differ in length, text after a closing quote is kept, and a quote
 * inside an unquoted field is kept as a character.
 */

/** One row of fields with the line it starts on. */
export interface CsvRow {
  fields: string[];
  /** One-based line number of the row's first character. */
  line: number;
  /** Set when the row is malformed beyond repair: an unterminated quoted field at end of input. */
  error?: string;
  /**
   * Set on the last row when the input ends inside it, without a line ending. Real exports end
   * their last row with one, except the Tandem Source BG file, so such a row may be cut off.
   */
  unterminated?: true;
}

/** Issue message for a row that `CsvRow.unterminated` marks. */
export const CUT_OFF_ROW_MESSAGE =
  'The file ends inside this row without a line ending, so the row may be cut off and is not stored. Export the file again.';

/** Tokenizer settings. */
export interface CsvTokenizerOptions {
  separator: ',' | ';';
  /** Drop a leading U+FEFF byte-order mark; true unless set. */
  stripBom?: boolean;
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

/** Incremental tokenizer: feed chunks with `push`, then call `end` once. */
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

export class CsvTokenizer {
  private readonly separator: string;
  private readonly separatorCode: number;
  private stripBom: boolean;
  private state: State = 'fieldStart';
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private rowLine = 1;
  private rowStarted = false;
  private pendingCarriageReturn = false;

  constructor(options: CsvTokenizerOptions) {
    this.separator = options.separator;
    this.separatorCode = options.separator.charCodeAt(0);
    this.stripBom = options.stripBom ?? true;
  }

  /** Consumes a chunk of text and returns the rows it completed. */
  push(chunk: string): CsvRow[] {
    const rows: CsvRow[] = [];
    let text = chunk;
    if (this.stripBom && text.length > 0) {
      this.stripBom = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
      }
    }

    let i = 0;
    if (this.pendingCarriageReturn && text.length > 0) {
      this.pendingCarriageReturn = false;
      if (text[0] === '\n') {
        i = 1;
      }
    }
    while (i < text.length) {
      i = this.step(text, i, rows);
    }
    return rows;
  }

  /** Ends the input and returns the last row if the text did not end with a line ending. */
  end(): CsvRow[] {
    if (!this.rowStarted && this.state === 'fieldStart') {
      return [];
    }
    const unterminated = this.state === 'quoted';
    const row = this.finishRow();
    row.unterminated = true;
    if (unterminated) {
      row.error = 'unterminated quoted field at end of input';
    }
    return [row];
  }

  /** Consumes text from index `i` and returns the index after what it consumed. */
  private step(text: string, i: number, rows: CsvRow[]): number {
    const char = text[i];
    this.rowStarted = true;

    switch (this.state) {
      case 'fieldStart':
        if (char === '"') {
          this.state = 'quoted';
          return i + 1;
        }
        this.state = 'unquoted';
        return this.stepUnquoted(text, i, rows);
      case 'unquoted':
        return this.stepUnquoted(text, i, rows);
      case 'quoted':
        return this.stepQuoted(text, i);
      case 'quoteInQuoted':
        if (char === '"') {
          this.field += '"';
          this.state = 'quoted';
          return i + 1;
        }
        if (char === this.separator) {
          this.endField();
          return i + 1;
        }
        // Text after a closing quote, which RFC 4180 forbids, is kept as unquoted text.
        this.state = 'unquoted';
        return this.stepUnquoted(text, i, rows);
    }
  }

  private stepUnquoted(text: string, i: number, rows: CsvRow[]): number {
    const separator = this.separatorCode;
    let end = i;
    let code = 0;
    while (end < text.length) {
      code = text.charCodeAt(end);
      if (code === separator || code === LINE_FEED || code === CARRIAGE_RETURN) {
        break;
      }
      end += 1;
    }
    if (end > i) {
      this.field += text.slice(i, end);
    }
    if (end === text.length) {
      return end;
    }
    if (code === separator) {
      this.endField();
      return end + 1;
    }
    return this.endLine(text, end, rows);
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  private stepQuoted(text: string, i: number): number {
    const quote = text.indexOf('"', i);
    const end = quote === -1 ? text.length : quote;
    const part = text.slice(i, end);
    this.field += part;
    this.line += countLineFeeds(part);
    if (quote === -1) {
      return end;
    }
    this.state = 'quoteInQuoted';
    return end + 1;
  }

  /** Ends the row at the CR or LF at `index`; a CR followed by LF counts as one line ending. */
  private endLine(text: string, index: number, rows: CsvRow[]): number {
    rows.push(this.finishRow());
    this.line += 1;
    this.rowLine = this.line;

    if (text[index] === '\r') {
      if (index + 1 === text.length) {
        this.pendingCarriageReturn = true;
        return index + 1;
      }
      if (text[index + 1] === '\n') {
        return index + 2;
      }
    }
    return index + 1;
  }

  private finishRow(): CsvRow {
    this.fields.push(this.field);
    const row: CsvRow = { fields: this.fields, line: this.rowLine };
    this.fields = [];
    this.field = '';
    this.state = 'fieldStart';
    this.rowStarted = false;
    return row;
  }
}

function countLineFeeds(text: string): number {
  let count = 0;
  let index = text.indexOf('\n');
  while (index !== -1) {
    count += 1;
    index = text.indexOf('\n', index + 1);
  }
  return count;
}

/** Tokenizes an async (or sync) iterable of text chunks into rows, one row at a time. */
export async function* tokenizeCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: CsvTokenizerOptions,
): AsyncGenerator<CsvRow> {
  const tokenizer = new CsvTokenizer(options);
  for await (const chunk of chunks) {
    yield* tokenizer.push(chunk);
  }
  yield* tokenizer.end();
}

/** Tokenizes a whole text at once; for short texts such as a file's first lines. */
export function tokenizeCsvText(text: string, options: CsvTokenizerOptions): CsvRow[] {
  const tokenizer = new CsvTokenizer(options);
  return [...tokenizer.push(text), ...tokenizer.end()];
}
