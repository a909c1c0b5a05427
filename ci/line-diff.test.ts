import { describe, expect, it } from 'vitest';
import { diffLines } from './line-diff.ts';

describe('diffLines', () => {
  it('returns null for equal texts', () => {
    expect(diffLines('a\nb\n', 'a\nb\n')).toBeNull();
  });

  it('marks a changed line with context', () => {
    const diff = diffLines('a\nb\nc\nd\ne\n', 'a\nb\nX\nd\ne\n', { context: 1 });
    expect(diff).toBe(['@@ first difference at line 3 @@', ' b', '-c', '+X', ' d'].join('\n'));
  });

  it('marks an added line', () => {
    const diff = diffLines('a\nc\n', 'a\nb\nc\n', { context: 0 });
    expect(diff).toBe(['@@ first difference at line 2 @@', '+b'].join('\n'));
  });

  it('keeps common lines between two changes', () => {
    const before = ['x', '1', '2', '3', '4', '5', '6', 'y'].join('\n');
    const after = ['X', '1', '2', '3', '4', '5', '6', 'Y'].join('\n');
    const diff = diffLines(before, after, { context: 1 });
    expect(diff).toBe(
      ['@@ first difference at line 1 @@', '-x', '+X', ' 1', '…', ' 6', '-y', '+Y'].join('\n'),
    );
  });

  it('cuts a long diff', () => {
    const before = Array.from({ length: 50 }, (_, i) => `old ${i}`).join('\n');
    const after = Array.from({ length: 50 }, (_, i) => `new ${i}`).join('\n');
    const lines = diffLines(before, after, { maxLines: 10 })!.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('… 91 more diff lines');
  });
});
