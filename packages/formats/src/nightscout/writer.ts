import type { CanonicalRecord } from '@phoenix/domain';
import type { WriteOptions } from '../core/types.ts';
import { documentOfGroup, groupDocuments } from './write-documents.ts';
import type { NightscoutCollection, NightscoutDocument } from './source.ts';
import { NIGHTSCOUT_VARIANTS, type NightscoutVariant } from './variants.ts';

/** Writer options of the Nightscout module. */
export interface NightscoutWriteOptions extends WriteOptions {
  /** Layout to write (see `NightscoutVariant`); `collections` unless set. */
  variant?: NightscoutVariant;
  /**
   * Spaces of indentation for the `collections`, `array` and `document` layouts, as
   * `JSON.stringify` takes them; 0 writes one line. Defaults to 2.
   */
  indent?: number;
  /**
   * End the file with a line feed. Defaults to false, like the Nightscout API's responses.
   * NDJSON always ends every line, the last included.
   */
  finalNewline?: boolean;
  /**
   * Members written before the collections in the `collections` layout, such as a `_note`.
   * The reader skips members whose names start with `_`, so records never hold them.
   */
  fileMembers?: Record<string, unknown>;
}

/**
 * Writes records as Nightscout JSON.
 *
 * - Records read from Nightscout are grouped back into the document they came from (by file
 *   and position), so a meal bolus and its carbs become one treatment again. When the records
 *   still equal what the document gives, the document is written exactly as read (member
 *   order, `_id`, fractional `date`, client sync IDs, `isValid: false`). Otherwise the members
 *   the records hold are rewritten and the other members are kept.
 * - Records from other formats become new documents: `cbg` an `sgv` entry, `smbg` an `mbg`
 *   entry, `bolus`, `food`, temporary and suspended `basal` and care `deviceEvent`s a
 *   treatment, and `pumpSettings` with `NightscoutPumpSettings` a profile.
 * - Not written, because Nightscout has no document for them or the model lacks their content:
 *   `cgmSettings`, `wizard`, scheduled basals, and `status`, `calibration` and `prime` device
 *   events that were not read from Nightscout.
 * - Numbers are written as JavaScript prints them, so a source that wrote `5.0` or `1e3` is not
 *   reproduced byte for byte. Nor is the member order of nested objects with integer names,
 *   because `JSON.parse` moves those members to the front.
 *
 * @throws RangeError for an unknown variant, or for `document` with other than one document.
 */
export function writeNightscout(
  records: Iterable<CanonicalRecord>,
  options: NightscoutWriteOptions = {},
): string {
  const variant = options.variant ?? 'collections';
  if (!NIGHTSCOUT_VARIANTS.includes(variant)) {
    const known = NIGHTSCOUT_VARIANTS.join(', ');
    throw new RangeError(
      `Unknown Nightscout variant "${String(variant)}"; known variants: ${known}.`,
    );
  }
  const documents: { collection: NightscoutCollection; document: NightscoutDocument }[] = [];
  for (const group of groupDocuments(records)) {
    const document = documentOfGroup(group);
    if (document !== null) {
      documents.push({ collection: group.collection, document });
    }
  }
  return serialize(documents, variant, options);
}

function serialize(
  documents: { collection: NightscoutCollection; document: NightscoutDocument }[],
  variant: NightscoutVariant,
  options: NightscoutWriteOptions,
): string {
  const indent = options.indent ?? 2;
  const ending = options.finalNewline === true ? '\n' : '';
  switch (variant) {
    case 'ndjson':
      return documents.map((item) => JSON.stringify(item.document) + '\n').join('');
    case 'array':
      return (
        JSON.stringify(
          documents.map((item) => item.document),
          null,
          indent,
        ) + ending
      );
    case 'document': {
      const [only] = documents;
      if (only === undefined || documents.length > 1) {
        throw new RangeError(
          `The document variant contains exactly one document, but the records give ${documents.length}. Write the array or collections variant instead.`,
        );
      }
      return JSON.stringify(only.document, null, indent) + ending;
    }
    case 'collections': {
      const file: Record<string, unknown> = { ...options.fileMembers };
      for (const item of documents) {
        const list = (file[item.collection] ??= []) as NightscoutDocument[];
        list.push(item.document);
      }
      return JSON.stringify(file, null, indent) + ending;
    }
  }
}
