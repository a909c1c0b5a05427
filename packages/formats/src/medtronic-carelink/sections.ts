import type { CanonicalRecord } from '@phoenix/domain';

/**
 * Section of a CareLink export, named after its title row: `pump` (pump events, boluses,
 * basal, wizard, BG), `autoInsulin` (Aggregated Auto Insulin Data: the 780G's daily automatic
 * insulin) and `sensor` (sensor glucose).
 */
export type SectionKind = 'pump' | 'autoInsulin' | 'sensor';

/** Sections in the order CareLink writes them. */
export const SECTION_ORDER: readonly SectionKind[] = ['pump', 'autoInsulin', 'sensor'];

/**
 * Returns the section the writer puts a record in: CGM readings and sensor exceptions in
 * `sensor`, automated basal in `autoInsulin`, everything else in `pump`.
 */
export function defaultSection(
  record: Pick<CanonicalRecord, 'type'> & { deliveryType?: string; subType?: string },
): SectionKind {
  if (record.type === 'cbg') {
    return 'sensor';
  }
  if (record.type === 'deviceEvent' && record.subType === 'sensorException') {
    return 'sensor';
  }
  if (record.type === 'basal' && record.deliveryType === 'automated') {
    return 'autoInsulin';
  }
  return 'pump';
}

/** True for a section name as `sourceCells` stores it. */
export function isSectionKind(text: string | undefined): text is SectionKind {
  return text === 'pump' || text === 'autoInsulin' || text === 'sensor';
}
