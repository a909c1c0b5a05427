import type { FormatModule } from '../../core/types.ts';
import { detectSource, SOURCE_FORMAT_ID } from './layouts.ts';
import { readSource } from './reader.ts';
import { writeSource, type SourceWriteOptions } from './writer.ts';

export { SOURCE_FORMAT_ID } from './layouts.ts';
export type { SourceWriteOptions } from './writer.ts';

/**
 * Tandem Source CSV exports (t:slim X2 and Mobi pumps since 2024): one file per data type.
 * Variants name the file: `cgm`, `bg`, `bolus` (each optionally `-mmol`) and `basal`.
 */
export const tandemSource: FormatModule<SourceWriteOptions> = {
  id: SOURCE_FORMAT_ID,
  name: 'Tandem Source CSV',
  detect: detectSource,
  read: readSource,
  write: writeSource,
};
