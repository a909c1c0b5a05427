import type { FormatModule } from '../core/types.ts';
import { detectNightscout } from './detect.ts';
import { readNightscout } from './reader.ts';
import { NIGHTSCOUT_FORMAT_ID } from './source.ts';
import { writeNightscout, type NightscoutWriteOptions } from './writer.ts';

export { NIGHTSCOUT_FORMAT_ID, nightscoutSourceOf } from './source.ts';
export type {
  NightscoutCollection,
  NightscoutDocument,
  NightscoutRecord,
  NightscoutSource,
  NightscoutSyncIds,
} from './source.ts';
export type { NightscoutPumpSettings, ScheduleEntry } from './profile.ts';
export type { NightscoutVariant } from './variants.ts';
export type { NightscoutWriteOptions } from './writer.ts';

/**
 * Nightscout JSON (API v1 `entries`, `treatments`, `devicestatus` and `profile` documents), as
 * uploaded by xDrip+, Loop, AndroidAPS and Trio. Variants are the file layouts:
 * `collections`, `array`, `ndjson` and `document` (see `variants.ts`). Every record carries
 * the document it came from as its `nightscout` member (`NightscoutSource`).
 */
export const nightscout: FormatModule<NightscoutWriteOptions> = {
  id: NIGHTSCOUT_FORMAT_ID,
  name: 'Nightscout JSON',
  detect: detectNightscout,
  read: readNightscout,
  write: writeNightscout,
};
