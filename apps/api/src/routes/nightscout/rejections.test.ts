import { describe, expect, it } from 'vitest';
import type { DocumentProblem } from './document-plans.ts';
import { describeRejections } from './rejections.ts';

function problem(overrides: Partial<DocumentProblem>): DocumentProblem {
  return { field: 'sgv', message: 'Invalid sgv.', value: 'abc', inBatch: false, ...overrides };
}

describe('describeRejections', () => {
  it('names position, field and value', () => {
    const text = describeRejections([{ problems: [problem({})] }]);
    expect(text).toBe('no document was stored: document 0, field sgv, value "abc": Invalid sgv.');
  });

  it('leaves out a missing field and value', () => {
    const whole = problem({
      field: null,
      value: null,
      message: 'a document must be a JSON object',
    });
    const text = describeRejections([{ problems: [] }, { problems: [whole] }]);
    expect(text).toBe('no document was stored: document 1: a document must be a JSON object');
  });

  it('keeps one full stop per list', () => {
    const text = describeRejections([
      { problems: [problem({})] },
      { problems: [problem({ value: 'x' })] },
    ]);
    expect(text).toBe(
      'no document was stored: document 0, field sgv, value "abc": Invalid sgv; ' +
        'document 1, field sgv, value "x": Invalid sgv.',
    );
  });

  it('quotes numbers and cuts long values', () => {
    const text = describeRejections([
      { problems: [problem({ field: 'insulin', value: 500 })] },
      { problems: [problem({ value: 'x'.repeat(200) })] },
    ]);
    expect(text).toContain('document 0, field insulin, value 500:');
    expect(text).toContain(`value "${'x'.repeat(79)}…: Invalid sgv.`);
  });

  it('lists 10 problems and counts the rest', () => {
    const outcomes = Array.from({ length: 12 }, () => ({ problems: [problem({})] }));
    const text = describeRejections(outcomes);
    expect(text).toContain('document 9,');
    expect(text).not.toContain('document 10,');
    expect(text.endsWith('; and 2 more')).toBe(true);
  });
});
