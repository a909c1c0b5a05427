import { MAX_DOCUMENT_LENGTH, type ScanItem } from './scan-items.ts';

/**
 * Splits NDJSON text into one document item per non-blank line, numbered by its real line, so
 * that a broken line costs only itself. CRLF line endings and a leading byte-order mark are
 * accepted.
 */
export async function* ndjsonItems(chunks: AsyncIterable<string>): AsyncGenerator<ScanItem[]> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) {
    yield splitter.push(chunk);
  }
  yield splitter.end();
}

class LineSplitter {
  private remainder = '';
  private line = 0;
  private documents = 0;
  /** True while the rest of an over-long line is being dropped. */
  private skipping = false;

  push(chunk: string): ScanItem[] {
    const items: ScanItem[] = [];
    const text = this.line === 0 && this.remainder === '' ? chunk.replace(/^\uFEFF/, '') : chunk;
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const lineText = this.skipping ? '' : this.remainder + text.slice(start, newline);
      this.remainder = '';
      this.skipping = false;
      this.addLine(lineText, items);
      start = newline + 1;
    }
    if (!this.skipping) {
      this.remainder += text.slice(start);
      if (this.remainder.length > MAX_DOCUMENT_LENGTH) {
        this.reportTooLong(items);
      }
    }
    return items;
  }

  end(): ScanItem[] {
    const items: ScanItem[] = [];
    if (!this.skipping && this.remainder !== '') {
      this.addLine(this.remainder, items);
    }
    this.remainder = '';
    return items;
  }

  private addLine(lineText: string, items: ScanItem[]): void {
    this.line += 1;
    const text = lineText.trim();
    if (text === '') {
      return;
    }
    this.documents += 1;
    items.push({
      kind: 'document',
      text,
      collection: null,
      position: this.documents,
      line: this.line,
      topLevel: true,
    });
  }

  /** Drops a line longer than `MAX_DOCUMENT_LENGTH`; its line number is counted at its end. */
  private reportTooLong(items: ScanItem[]): void {
    this.documents += 1;
    items.push({
      kind: 'problem',
      message: `Document too large. Lines over ${MAX_DOCUMENT_LENGTH} characters are skipped.`,
      position: this.documents,
      line: this.line + 1,
      text: this.remainder.slice(0, 200),
    });
    this.remainder = '';
    this.skipping = true;
  }
}
