import { backslashesBefore, MAX_DOCUMENT_LENGTH, parseKey, type ScanItem } from './scan-items.ts';
import { NIGHTSCOUT_COLLECTIONS, type NightscoutCollection } from './source.ts';

/**
 * Streaming splitter of a JSON file into Nightscout documents, so that a large export is read
 * one document at a time. It accepts a sequence of top-level values:
 *
 * - an array: each element is a document;
 * - an object with collection members (`{"entries": [...], "treatments": [...]}`): each element
 *   of a collection array is a document of that collection, a collection member whose value is
 *   an object is one document, and other members are returned as `member` items;
 * - an object without collection members: the object is one document.
 *
 * The scanner only tracks strings and brackets. It does not validate JSON: each document's text
 * is parsed on its own by the caller, so one malformed document costs only that document.
 */

type CaptureKind = 'document' | 'member' | 'key';

interface Capture {
  kind: CaptureKind;
  /** Depth of the container the captured value sits in. */
  depth: number;
  /** True when the value starts with `{` or `[`, so a closing bracket ends it. */
  structured: boolean;
  parts: string[];
  start: number;
  length: number;
  line: number;
  collection: NightscoutCollection | null;
  position: number;
}

const COLLECTION_NAMES: ReadonlySet<string> = new Set(NIGHTSCOUT_COLLECTIONS);

/** Splits pushed chunks of JSON text into documents; see the file comment. */
export class JsonDocumentScanner {
  private depth = 0;
  private inString = false;
  /** True when a chunk ended inside a string right after an escaping backslash. */
  private escapeCarried = false;
  private line = 1;
  private documents = 0;
  private failed = false;
  /** Kind of the current top-level value. */
  private top: 'array' | 'object' | null = null;
  /** Within a top-level object: whether the next depth-1 token is a key or a value. */
  private expectKey = true;
  private memberName: string | null = null;
  /** Members of a top-level object seen before its first collection member. */
  private pendingMembers: { name: string; keyText: string; text: string; line: number }[] = [];
  private sawCollection = false;
  private topLine = 1;
  private topPosition = 0;
  /** Collection whose array the scanner is in, at depth 2. */
  private collection: NightscoutCollection | null = null;
  private capture: Capture | null = null;
  private keyText = '';
  private chunk = '';
  private items: ScanItem[] = [];

  /** Scans the next chunk and returns the items it completes. */
  push(chunk: string): ScanItem[] {
    this.items = [];
    this.chunk = chunk;
    if (this.capture !== null) {
      this.capture.start = 0;
    }
    if (!this.failed) {
      this.scan(chunk);
    }
    this.keepCaptured(chunk.length);
    return this.items;
  }

  /** Ends the input and returns the last items, including a problem for truncated JSON. */
  end(): ScanItem[] {
    this.items = [];
    if (this.failed || (this.depth === 0 && this.capture === null && !this.inString)) {
      return this.items;
    }
    const capture = this.capture;
    if (capture !== null && capture.kind === 'document') {
      const message = `Truncated JSON. The file ends inside document ${capture.position}.`;
      this.problem(message, capture.position, capture.line, capture.parts.join(''));
    } else if (this.top === 'object' && !this.sawCollection) {
      const message = `Truncated JSON. The file ends inside document ${this.topPosition}.`;
      this.problem(message, this.topPosition, this.topLine, null);
    } else {
      this.problem(
        'Truncated JSON. The file ends before its closing bracket.',
        null,
        this.line,
        null,
      );
    }
    return this.items;
  }

  private scan(text: string): void {
    const length = text.length;
    for (let index = 0; index < length; index += 1) {
      if (this.inString) {
        index = this.skipString(text, index);
        continue;
      }
      const code = text.charCodeAt(index);
      if (code === 0x0a) {
        this.line += 1;
      } else if (code !== 0x20 && code !== 0x09 && code !== 0x0d && code !== 0xfeff) {
        this.token(text, index, code);
        if (this.failed) {
          return;
        }
      }
    }
  }

  /** Advances past the string body starting at `index`; returns the index of its closing quote. */
  private skipString(text: string, index: number): number {
    let start = index;
    if (this.escapeCarried) {
      // The previous chunk ended with an escaping backslash, so this first character is escaped.
      this.escapeCarried = false;
      start += 1;
    }
    let quote = text.indexOf('"', start);
    while (quote !== -1 && backslashesBefore(text, quote, start) % 2 === 1) {
      quote = text.indexOf('"', quote + 1);
    }
    if (quote === -1) {
      this.escapeCarried =
        start < text.length && backslashesBefore(text, text.length, start) % 2 === 1;
      return text.length - 1;
    }
    this.inString = false;
    if (this.capture?.kind === 'key' && this.depth === 1) {
      this.endCapture(quote + 1);
    }
    return quote;
  }

  private token(text: string, index: number, code: number): void {
    if (this.depth === 0) {
      this.topLevelToken(index, code);
      return;
    }
    const capture = this.capture;
    if (capture !== null && !capture.structured && capture.depth === this.depth) {
      // A primitive ends at the delimiter that follows it.
      if (code === 0x2c || code === 0x5d || code === 0x7d) {
        this.endCapture(index);
      } else {
        if (code === 0x22) {
          this.inString = true;
        }
        return;
      }
    }
    switch (code) {
      case 0x22: // "
        this.inString = true;
        this.startAt(index, false);
        return;
      case 0x7b: // {
      case 0x5b: // [
        this.open(index, code);
        return;
      case 0x7d: // }
      case 0x5d: // ]
        this.close(index);
        return;
      case 0x2c: // ,
        if (this.depth === 1 && this.top === 'object') {
          this.expectKey = true;
        }
        return;
      case 0x3a: // :
        if (this.depth === 1 && this.top === 'object') {
          this.expectKey = false;
        }
        return;
      default:
        this.startAt(index, false);
    }
  }

  private topLevelToken(index: number, code: number): void {
    if (code !== 0x7b && code !== 0x5b) {
      const message = 'Invalid JSON. Expected [ or { to start a value.';
      this.problem(message, null, this.line, this.chunk.slice(index, index + 200));
      this.failed = true;
      return;
    }
    this.top = code === 0x5b ? 'array' : 'object';
    this.depth = 1;
    this.expectKey = true;
    this.sawCollection = false;
    this.pendingMembers = [];
    this.topLine = this.line;
    if (this.top === 'object') {
      this.documents += 1;
      this.topPosition = this.documents;
    }
  }

  private open(index: number, code: number): void {
    const atCollectionValue =
      this.depth === 1 && this.top === 'object' && !this.expectKey && this.capture === null;
    const name = this.memberName;
    if (atCollectionValue && code === 0x5b && name !== null && COLLECTION_NAMES.has(name)) {
      this.enterCollection(name as NightscoutCollection);
      this.depth += 1;
      return;
    }
    this.startAt(index, true);
    this.depth += 1;
  }

  private close(index: number): void {
    this.depth -= 1;
    const capture = this.capture;
    if (capture !== null && capture.structured && capture.depth === this.depth) {
      this.endCapture(index + 1);
    }
    if (this.depth === 1 && this.collection !== null) {
      this.collection = null;
    }
    if (this.depth === 0) {
      this.endTopLevel();
    }
  }

  /** Starts a capture when the value at `index` is a document, a member value or a key. */
  private startAt(index: number, structured: boolean): void {
    if (this.capture !== null) {
      return;
    }
    const inArrayTop = this.top === 'array' && this.depth === 1;
    const inCollection = this.collection !== null && this.depth === 2;
    if (inArrayTop || inCollection) {
      this.documents += 1;
      this.begin('document', index, structured, this.collection, this.documents);
    } else if (this.top === 'object' && this.depth === 1) {
      this.beginMember(index, structured);
    }
  }

  private beginMember(index: number, structured: boolean): void {
    if (this.expectKey) {
      this.begin('key', index, true, null, 0);
      return;
    }
    const name = this.memberName;
    const isCollection = name !== null && COLLECTION_NAMES.has(name);
    if (isCollection && structured && this.chunk.charCodeAt(index) === 0x7b) {
      this.markCollectionSeen();
      this.documents += 1;
      this.begin('document', index, true, name as NightscoutCollection, this.documents);
    } else {
      this.begin('member', index, structured, null, 0);
    }
  }

  private begin(
    kind: CaptureKind,
    index: number,
    structured: boolean,
    collection: NightscoutCollection | null,
    position: number,
  ): void {
    const depth = kind === 'key' ? 1 : this.depth;
    this.capture = {
      kind,
      depth,
      structured,
      parts: [],
      start: index,
      length: 0,
      line: this.line,
      collection,
      position,
    };
  }

  private enterCollection(name: NightscoutCollection): void {
    this.markCollectionSeen();
    this.collection = name;
  }

  /** Marks the top-level object as one of collections and releases the members before it. */
  private markCollectionSeen(): void {
    if (this.sawCollection) {
      return;
    }
    this.sawCollection = true;
    // The object's own position was counted as a document; it is not one.
    this.documents -= 1;
    for (const member of this.pendingMembers) {
      this.items.push({ kind: 'member', name: member.name, text: member.text, line: member.line });
    }
    this.pendingMembers = [];
  }

  private endCapture(endIndex: number): void {
    const capture = this.capture;
    if (capture === null) {
      return;
    }
    this.capture = null;
    capture.parts.push(this.chunk.slice(capture.start, endIndex));
    const text = capture.parts.join('').trim();
    if (capture.length + endIndex - capture.start > MAX_DOCUMENT_LENGTH) {
      const message = `Document too large. Documents over ${MAX_DOCUMENT_LENGTH} characters are skipped.`;
      this.problem(message, capture.position || null, capture.line, text.slice(0, 200));
      return;
    }
    switch (capture.kind) {
      case 'key':
        this.keyText = text;
        this.memberName = parseKey(text);
        return;
      case 'document':
        this.items.push({
          kind: 'document',
          text,
          collection: capture.collection,
          position: capture.position,
          line: capture.line,
          topLevel: false,
        });
        return;
      case 'member':
        this.endMember(text, capture.line);
    }
  }

  private endMember(text: string, line: number): void {
    const name = this.memberName ?? '';
    if (this.sawCollection) {
      this.items.push({ kind: 'member', name, text, line });
    } else {
      this.pendingMembers.push({ name, keyText: this.keyText, text, line });
    }
  }

  /** Ends a top-level value; an object without collection members is one document. */
  private endTopLevel(): void {
    if (this.top === 'object' && !this.sawCollection) {
      const members = this.pendingMembers.map((member) => `${member.keyText}:${member.text}`);
      this.items.push({
        kind: 'document',
        text: `{${members.join(',')}}`,
        collection: null,
        position: this.topPosition,
        line: this.topLine,
        topLevel: true,
      });
    }
    this.top = null;
    this.pendingMembers = [];
    this.memberName = null;
  }

  /** Moves the captured part of the chunk into the capture's buffer before the next chunk. */
  private keepCaptured(chunkLength: number): void {
    const capture = this.capture;
    if (capture === null) {
      return;
    }
    capture.length += chunkLength - capture.start;
    if (capture.length <= MAX_DOCUMENT_LENGTH) {
      capture.parts.push(this.chunk.slice(capture.start));
    } else {
      capture.parts = [];
    }
  }

  private problem(
    message: string,
    position: number | null,
    line: number,
    text: string | null,
  ): void {
    this.items.push({ kind: 'problem', message, position, line, text });
  }
}
