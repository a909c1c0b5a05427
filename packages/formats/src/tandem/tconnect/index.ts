import type { FormatModule } from '../../core/types.ts';
import { detectTConnect } from './detect.ts';
import { readTConnect } from './reader.ts';
import { TCONNECT_FORMAT_ID } from './sections.ts';
import { writeTConnect, type TConnectWriteOptions } from './writer.ts';

export { TCONNECT_FORMAT_ID, TCONNECT_VARIANT } from './sections.ts';
export type { TConnectWriteOptions } from './writer.ts';

/**
 * Tandem t:connect "Therapy Timeline" CSV exports of t:slim X2 pumps (the web export before
 * Tandem Source): readings, IOB and bolus sections in one file. One variant,
 * `therapy-timeline`.
 */
export const tandemTConnect: FormatModule<TConnectWriteOptions> = {
  id: TCONNECT_FORMAT_ID,
  name: 'Tandem t:connect Therapy Timeline CSV',
  detect: detectTConnect,
  read: readTConnect,
  write: writeTConnect,
};
