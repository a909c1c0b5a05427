import { describe, expect, it } from 'vitest';
import { JsonDocumentScanner } from './json-scanner.ts';
import type { ScanItem } from './scan-items.ts';

/** Scans `text` pushed in chunks of `size` characters. */
function scan(text: string, size = text.length || 1): ScanItem[] {
  const scanner = new JsonDocumentScanner();
  const items: ScanItem[] = [];
  for (let start = 0; start < text.length; start += size) {
    items.push(...scanner.push(text.slice(start, start + size)));
  }
  items.push(...scanner.end());
  return items;
}

function documents(items: ScanItem[]): Extract<ScanItem, { kind: 'document' }>[] {
  return items.filter((item) => item.kind === 'document');
}

const COLLECTIONS = [
  '{',
  '  "_note": "a } and a [ inside a string",',
  '  "entries": [',
  '    {"sgv": 120, "dateString": "x\\"y"},',
  '    {"sgv": 121, "nested": {"a": [1, 2, {"b": "]"}]}}',
  '  ],',
  '  "treatments": [ {"eventType": "Note"} ],',
  '  "profile": {"store": {}}',
  '}',
].join('\n');

describe('JsonDocumentScanner', () => {
  it('splits an array into documents', () => {
    const items = scan('[{"a": 1}, {"b": [2, 3]},\n {"c": "}"}]');
    expect(items).toEqual([
      {
        kind: 'document',
        text: '{"a": 1}',
        collection: null,
        position: 1,
        line: 1,
        topLevel: false,
      },
      {
        kind: 'document',
        text: '{"b": [2, 3]}',
        collection: null,
        position: 2,
        line: 1,
        topLevel: false,
      },
      {
        kind: 'document',
        text: '{"c": "}"}',
        collection: null,
        position: 3,
        line: 2,
        topLevel: false,
      },
    ]);
  });

  it('names the collection of each document', () => {
    const found = documents(scan(COLLECTIONS));
    expect(found.map((item) => [item.collection, item.position, item.line])).toEqual([
      ['entries', 1, 4],
      ['entries', 2, 5],
      ['treatments', 3, 7],
      ['profile', 4, 8],
    ]);
    expect(found[0]?.text).toBe('{"sgv": 120, "dateString": "x\\"y"}');
    expect(found[3]?.text).toBe('{"store": {}}');
  });

  it('returns other members of a collections object', () => {
    const members = scan(COLLECTIONS).filter((item) => item.kind === 'member');
    expect(members).toEqual([
      { kind: 'member', name: '_note', text: '"a } and a [ inside a string"', line: 2 },
    ]);
  });

  it('gives the same items for any chunk size', () => {
    const whole = scan(COLLECTIONS);
    for (const size of [1, 2, 3, 7, 64]) {
      expect(scan(COLLECTIONS, size)).toEqual(whole);
    }
  });

  it('reads a lone object as one document', () => {
    const items = scan('\n{"eventType": "Note", "tags": ["a", "b"], "n": 2}\n');
    expect(items).toEqual([
      {
        kind: 'document',
        text: '{"eventType":"Note","tags":["a", "b"],"n":2}',
        collection: null,
        position: 1,
        line: 2,
        topLevel: true,
      },
    ]);
    expect(JSON.parse(documents(items)[0]?.text ?? '')).toEqual({
      eventType: 'Note',
      tags: ['a', 'b'],
      n: 2,
    });
  });

  it('reads consecutive top-level objects with their lines', () => {
    const found = documents(scan('{"a": 1}\n{"b": 2}\n\n{"c": 3}\n'));
    expect(found.map((item) => [item.position, item.line, item.topLevel])).toEqual([
      [1, 1, true],
      [2, 2, true],
      [3, 4, true],
    ]);
  });

  it('captures malformed elements as text', () => {
    const found = documents(scan('[{"a": 1}, garbage, 42]'));
    expect(found.map((item) => item.text)).toEqual(['{"a": 1}', 'garbage', '42']);
  });

  it('reports truncation inside a document', () => {
    const items = scan('[{"a": 1}, {"b": [1, 2');
    expect(items.at(-1)).toEqual({
      kind: 'problem',
      message: 'Truncated JSON. The file ends inside document 2.',
      position: 2,
      line: 1,
      text: '{"b": [1, 2',
    });
  });

  it('reports truncation between documents', () => {
    const items = scan('[{"a": 1},');
    expect(items.at(-1)).toMatchObject({ kind: 'problem', position: null });
  });

  it('rejects text that is not JSON', () => {
    const items = scan('Index,Timestamp\n1,2');
    expect(items).toEqual([
      {
        kind: 'problem',
        message: 'Invalid JSON. Expected [ or { to start a value.',
        position: null,
        line: 1,
        text: 'Index,Timestamp\n1,2',
      },
    ]);
  });

  it('skips a leading byte-order mark', () => {
    expect(documents(scan('\uFEFF[{"a": 1}]'))).toHaveLength(1);
  });
});
