import { describe, expect, it } from 'vitest';

import { fileNameFromContentDisposition } from './content-disposition.ts';

describe('fileNameFromContentDisposition', () => {
  it('reads a quoted file name', () => {
    const header = 'attachment; filename="cgm-9a1b2c3d-2019-03-03.csv"';

    expect(fileNameFromContentDisposition(header)).toBe('cgm-9a1b2c3d-2019-03-03.csv');
  });

  it('reads a token file name', () => {
    expect(fileNameFromContentDisposition('attachment; filename=readings.csv')).toBe(
      'readings.csv',
    );
  });

  it('matches the parameter name in any case', () => {
    expect(fileNameFromContentDisposition('attachment; FileName="a.csv"')).toBe('a.csv');
  });

  it('keeps semicolons and escapes in quotes', () => {
    const header = 'attachment; filename="a;b \\"c\\".csv"; size=10';

    expect(fileNameFromContentDisposition(header)).toBe('a;b "c".csv');
  });

  it('prefers the UTF-8 extended name', () => {
    // ä (U+00E4) is C3 A4 in UTF-8.
    const header = `attachment; filename="paiva.csv"; filename*=UTF-8''p%C3%A4iv%C3%A4.csv`;

    expect(fileNameFromContentDisposition(header)).toBe('p\u00e4iv\u00e4.csv');
  });

  it('falls back from a malformed extended name', () => {
    const header = `attachment; filename*=UTF-8''bad%E0%A4.csv; filename="good.csv"`;

    expect(fileNameFromContentDisposition(header)).toBe('good.csv');
  });

  it('falls back from another charset', () => {
    const header = `attachment; filename*=iso-8859-1'en'%E4.csv; filename="plain.csv"`;

    expect(fileNameFromContentDisposition(header)).toBe('plain.csv');
  });

  it('strips directory parts', () => {
    expect(fileNameFromContentDisposition('attachment; filename="../../etc/passwd"')).toBe(
      'passwd',
    );
    expect(fileNameFromContentDisposition('attachment; filename=C:\\data\\x.csv')).toBe('x.csv');
  });

  it('returns null without a file name', () => {
    expect(fileNameFromContentDisposition(null)).toBeNull();
    expect(fileNameFromContentDisposition('attachment')).toBeNull();
    expect(fileNameFromContentDisposition('attachment; filename=""')).toBeNull();
    expect(fileNameFromContentDisposition('inline; filename="dir/"')).toBeNull();
  });
});
