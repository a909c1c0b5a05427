import type { FormatModule } from '../core/types.ts';
import { CLARITY_FORMAT_ID, detectClarity } from './header.ts';
import { readClarity } from './reader.ts';
import { writeClarity, type ClarityWriteOptions } from './writer.ts';

export type { ClarityAlertSetting, ClaritySettings } from './preamble.ts';
export type { ClarityWriteOptions } from './writer.ts';
export { CLARITY_FORMAT_ID } from './header.ts';

/**
 * Dexcom Clarity CSV exports (G4 to G7): English or German, mg/dL or mmol/L, with or without the
 * two transmitter columns. Variants: `en`, `de`, each optionally followed by `-mmol` and
 * `-12col` (see `dialect.ts`).
 */
export const dexcomClarity: FormatModule<ClarityWriteOptions> = {
  id: CLARITY_FORMAT_ID,
  name: 'Dexcom Clarity CSV',
  detect: detectClarity,
  read: readClarity,
  write: writeClarity,
};
