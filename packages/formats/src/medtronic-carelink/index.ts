import type { FormatModule } from '../core/types.ts';
import { CARELINK_FORMAT_ID, detectCareLink } from './header.ts';
import { readCareLink } from './reader.ts';
import { writeCareLink, type CareLinkWriteOptions } from './writer.ts';

export { CARELINK_FORMAT_ID } from './header.ts';
export type { CareLinkSettings } from './preamble.ts';
export type { CareLinkRecord, SourceCells } from './record-body.ts';
export type { CareLinkWriteOptions } from './writer.ts';
export type { CareLinkPatient } from './writer-preamble.ts';

/**
 * Medtronic CareLink CSV exports (MiniMed 780G and earlier pumps): sections with repeated
 * headers, `;` or `,` separators, decimal comma or point, English or German headers. Variants:
 * `en` or `de`, optionally followed by `-mmol` and a date style (see `dialect.ts`).
 */
export const medtronicCareLink: FormatModule<CareLinkWriteOptions> = {
  id: CARELINK_FORMAT_ID,
  name: 'Medtronic CareLink CSV',
  detect: detectCareLink,
  read: readCareLink,
  write: writeCareLink,
};
