import type { FormatModule } from '../core/types.ts';
import { LIBREVIEW_FORMAT_ID } from './dialect.ts';
import { detectLibreView } from './header.ts';
import { readLibreView } from './reader.ts';
import { writeLibreView, type LibreViewWriteOptions } from './writer.ts';

export type { DateOrder, LibreViewDateFormat } from './dates.ts';
export type { LibreViewWriteOptions } from './writer.ts';
export { LIBREVIEW_DATE_FORMATS } from './dates.ts';
export { LIBREVIEW_FORMAT_ID } from './dialect.ts';
export { SCAN_DEVICE_SUFFIX } from './build-records.ts';

/**
 * Abbott LibreView CSV exports (FreeStyle Libre readers, LibreLink and the Libre 3 app):
 * English or German, mg/dL or mmol/L, personal or clinic. Variants: `en`, `de`, each optionally
 * followed by `-mmol` and `-clinic` (see `dialect.ts`). Dates in any of the account's five date
 * formats; the read option `dateOrder` forces day-first or month-first.
 */
export const abbottLibreView: FormatModule<LibreViewWriteOptions> = {
  id: LIBREVIEW_FORMAT_ID,
  name: 'Abbott LibreView CSV',
  detect: detectLibreView,
  read: readLibreView,
  write: writeLibreView,
};
