import type { FormatModule } from '../core/types.ts';
import { readGlookoArchive } from './archive-reader.ts';
import { detectGlookoArchive, detectGlookoTable } from './detect.ts';
import { GLOOKO_FORMAT_ID } from './dialect.ts';
import { readGlookoText } from './text-reader.ts';
import { writeGlookoArchive, writeGlookoTable, type GlookoWriteOptions } from './writer.ts';

export type { GlookoTable } from './dialect.ts';
export type { GlookoWriteOptions } from './writer.ts';
export { GLOOKO_FORMAT_ID, GLOOKO_TABLES } from './dialect.ts';

/**
 * Glooko exports: ZIP archives of CSV tables in English or German, mg/dL or mmol/L. Variants:
 * `en`, `de`, each optionally followed by `-mmol` (see `dialect.ts`). The archive is read and
 * written through `detectBinary`, `readBinary` and `writeBinary`; `detect`, `read` and `write`
 * handle a single table taken out of an archive.
 */
export const glooko: FormatModule<GlookoWriteOptions> = {
  id: GLOOKO_FORMAT_ID,
  name: 'Glooko export (ZIP of CSV tables)',
  detect: detectGlookoTable,
  read: readGlookoText,
  write: writeGlookoTable,
  detectBinary: detectGlookoArchive,
  readBinary: readGlookoArchive,
  writeBinary: writeGlookoArchive,
};
