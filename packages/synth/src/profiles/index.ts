import { CHILDREN_CONTROL_IQ } from './children.ts';
import { CITY } from './city.ts';
import { DCLP3_CONTROL_IQ, DCLP3_SAP } from './dclp3.ts';
import { LOOP } from './loop.ts';
import { MOBILE_T2D } from './mobile-t2d.ts';
import { OHIO_T1DM } from './ohiot1dm.ts';
import { REPLACE_BG } from './replace-bg.ts';
import { T1DEXI_AID, T1DEXI_MDI, T1DEXI_PUMP } from './t1dexi.ts';
import type { ProfileDefinition } from './types.ts';

/** Every profile, in report order. */
export const PROFILES: readonly ProfileDefinition[] = [
  T1DEXI_MDI,
  T1DEXI_PUMP,
  T1DEXI_AID,
  DCLP3_SAP,
  DCLP3_CONTROL_IQ,
  LOOP,
  CITY,
  REPLACE_BG,
  OHIO_T1DM,
  MOBILE_T2D,
  CHILDREN_CONTROL_IQ,
];

/** Returns the profile with identifier `id`; throws RangeError for an unknown one. */
export function getProfile(id: string): ProfileDefinition {
  const found = PROFILES.find((profile) => profile.id === id);
  if (found === undefined) {
    const known = PROFILES.map((profile) => profile.id).join(', ');
    throw new RangeError(`Unknown profile "${id}"; known profiles: ${known}.`);
  }
  return found;
}

export {
  CHILDREN_CONTROL_IQ,
  CITY,
  DCLP3_CONTROL_IQ,
  DCLP3_SAP,
  LOOP,
  MOBILE_T2D,
  OHIO_T1DM,
  REPLACE_BG,
  T1DEXI_AID,
  T1DEXI_MDI,
  T1DEXI_PUMP,
};
