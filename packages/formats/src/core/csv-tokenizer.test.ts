import { describe, expect, it } from 'vitest';
import { CsvTokenizer, tokenizeCsv, tokenizeCsvText } from './csv-tokenizer.ts';
import { detectCsvLayout, formatCsvRow } from './csv-writer.ts';

const comma = { separator: ',' } as const;

/** Feeds `text` one character at a time, the hardest chunking for the state machine. */
function tokenizeByCharacter(
  text: string,
  separator: ',' | ';' = ',',
): ReturnType<typeof tokenizeCsvText> {
  const tokenizer = new CsvTokenizer({ separator });
  const rows = [...text].flatMap((char) => tokenizer.push(char));
  return [...rows, ...tokenizer.end()];
}

describe('CsvTokenizer', () => {
  it('splits plain rows with line numbers', () => {
    const rows = tokenizeCsvText('a,b,c\n1,2,3\n', comma);
    expect(rows).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '2', '3'], line: 2 },
    ]);
  });

  it('reads quoted fields with separators, quotes and line breaks', () => {
    const rows = tokenizeCsvText('"a,b","say ""hi""","two\nlines"\nnext,row\n', comma);
    expect(rows[0]?.fields).toEqual(['a,b', 'say "hi"', 'two\nlines']);
    expect(rows[1]).toEqual({ fields: ['next', 'row'], line: 3 });
  });

  it('treats CRLF, LF and lone CR as line endings', () => {
    const rows = tokenizeCsvText('a\r\nb\nc\rd', comma);
    expect(rows.map((row) => [row.fields[0], row.line])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ]);
  });

  it('gives the same rows for any chunking', () => {
    const text = '\uFEFF"x";"y"\r\n"1;2";"a""b"\r\n3;"multi\r\nline"\r\n;\r\n';
    const whole = tokenizeCsvText(text, { separator: ';' });
    expect(tokenizeByCharacter(text, ';')).toEqual(whole);
    expect(whole).toEqual([
      { fields: ['x', 'y'], line: 1 },
      { fields: ['1;2', 'a"b'], line: 2 },
      { fields: ['3', 'multi\r\nline'], line: 3 },
      { fields: ['', ''], line: 5 },
    ]);
  });

  it('strips the byte-order mark only at the start', () => {
    const rows = tokenizeCsvText('\uFEFFa,\uFEFFb\n', comma);
    expect(rows[0]?.fields).toEqual(['a', '\uFEFFb']);
  });

  it('keeps rows of uneven length and empty lines', () => {
    const rows = tokenizeCsvText('a,b,c\n1\n\n1,2,3,4\n', comma);
    expect(rows.map((row) => row.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1'],
      [''],
      ['1', '2', '3', '4'],
    ]);
  });

  it('returns a last row without a line ending', () => {
    expect(tokenizeCsvText('a,b\n1,2', comma)).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2, unterminated: true },
    ]);
  });

  it('flags an unterminated quoted field', () => {
    const rows = tokenizeCsvText('a,b\n"1,2\n', comma);
    expect(rows[1]?.error).toBe('unterminated quoted field at end of input');
    expect(rows[1]?.fields).toEqual(['1,2\n']);
    expect(rows[1]?.line).toBe(2);
  });

  it('keeps text after a closing quote and quotes inside plain fields', () => {
    const rows = tokenizeCsvText('"ab"c,x"y\n', comma);
    expect(rows[0]?.fields).toEqual(['abc', 'x"y']);
  });

  it('streams from an async iterable', async () => {
    async function* chunks(): AsyncGenerator<string> {
      yield 'a,"b';
      yield '\r';
      yield '\nc"\r';
      yield '\nd,e';
    }
    const rows = [];
    for await (const row of tokenizeCsv(chunks(), comma)) {
      rows.push(row);
    }
    expect(rows).toEqual([
      { fields: ['a', 'b\r\nc'], line: 1 },
      { fields: ['d', 'e'], line: 3, unterminated: true },
    ]);
  });
});

describe('CSV layout and writing', () => {
  it('detects a semicolon layout with quotes and CRLF', () => {
    expect(detectCsvLayout('"a";"b,c";"d"\r\n"1";"2";"3"')).toEqual({
      separator: ';',
      quoteAll: true,
      bom: false,
      lineEnding: '\r\n',
    });
  });

  it('detects a comma layout with a byte-order mark', () => {
    expect(detectCsvLayout('\uFEFFa,b;c,d\n')).toEqual({
      separator: ',',
      quoteAll: false,
      bom: true,
      lineEnding: '\n',
    });
  });

  it('quotes only where needed unless every field is quoted', () => {
    const minimal = { separator: ',', quoteAll: false, bom: false, lineEnding: '\n' } as const;
    expect(formatCsvRow(['a', 'b,c', 'say "hi"', ''], minimal)).toBe('a,"b,c","say ""hi""",\n');
    const quoted = { ...minimal, separator: ';', quoteAll: true, lineEnding: '\r\n' } as const;
    expect(formatCsvRow(['a', ''], quoted)).toBe('"a";""\r\n');
  });
});
