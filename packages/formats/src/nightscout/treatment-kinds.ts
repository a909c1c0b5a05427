/**
 * Treatment `eventType` names as Nightscout's care portal, Loop, AndroidAPS, Trio and xDrip+
 * write them, grouped by the records they give.
 */

/** Event types that name a bolus: their `insulin` gives a bolus even when it is 0. */
export const BOLUS_EVENT_TYPES: ReadonlySet<string> = new Set([
  'Bolus',
  'Correction Bolus',
  'Meal Bolus',
  'Snack Bolus',
  'Bolus Wizard',
  'SMB',
]);

/** Event types that name carbs: their `carbs` gives a food record even when it is 0. */
export const CARB_EVENT_TYPES: ReadonlySet<string> = new Set(['Carb Correction', 'Carbs']);

/** The care portal's extended bolus, with `enteredinsulin`, `splitNow`, `splitExt`, `duration`. */
export const COMBO_BOLUS = 'Combo Bolus';
export const TEMP_BASAL = 'Temp Basal';
export const BG_CHECK = 'BG Check';

/**
 * Event types that give a `deviceEvent`, with its `subType`. The names follow Nightscout's care
 * portal (`Site Change`, `Insulin Change` for a new reservoir), Loop (`Temporary Override`)
 * and AndroidAPS (`OpenAPS Offline` while the loop is paused).
 */
export const DEVICE_EVENT_SUBTYPES: Readonly<Record<string, string>> = {
  'Site Change': 'siteChange',
  'Insulin Change': 'reservoirChange',
  'Pump Battery Change': 'pumpBatteryChange',
  'Sensor Start': 'sensorStart',
  'Sensor Change': 'sensorChange',
  'Sensor Stop': 'sensorStop',
  'Suspend Pump': 'suspend',
  'Resume Pump': 'resume',
  Exercise: 'exercise',
  Note: 'note',
  Announcement: 'announcement',
  Question: 'question',
  'Temporary Target': 'temporaryTarget',
  'Temporary Override': 'override',
  'Profile Switch': 'profileSwitch',
  'OpenAPS Offline': 'loopOffline',
};

/** The member whose text becomes a device event's `detail`, for the event types that have one. */
export const DETAIL_MEMBERS: Readonly<Record<string, string>> = {
  'Temporary Target': 'reason',
  'Temporary Override': 'reason',
  'Profile Switch': 'profile',
};

/**
 * `eventType` values that mean "none": xDrip+ writes `<none>` for a plain treatment, and some
 * uploads omit the member. Such treatments are classified by `insulin` and `carbs`.
 */
export const NO_EVENT_TYPES: ReadonlySet<string> = new Set(['', '<none>']);

/** The event type the writer gives each device event subtype. */
export const EVENT_TYPE_BY_SUBTYPE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DEVICE_EVENT_SUBTYPES).map(([eventType, subType]) => [subType, eventType]),
);
