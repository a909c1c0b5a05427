import { CgmSensor } from '../devices/cgm-sensor.ts';
import { logNormal, normal } from '../random/distributions.ts';
import type { Random } from '../random/prng.ts';
import { isAsleep, type SimulationContext } from './simulation-context.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/**
 * Creates the patient's CGM. The first sensor was inserted at a random point before the
 * simulation starts, so the data begin mid-session as exports do. Later sensors go in after a
 * delay: soon when the old one ends while the patient is awake, after waking when it ends at
 * night, and now and then only after a day or more without supplies.
 */
export function createSensor(
  context: SimulationContext,
  random: Random,
  burnInStartMs: number,
): CgmSensor {
  const patient = context.patient;
  const spec = patient.cgm;
  const sessionMs = spec.sessionMinutes * MS_PER_MINUTE;
  const firstInsertionMs = burnInStartMs - Math.floor(random.uniform() * sessionMs * 0.9);
  const deviceIdFor = deviceIdNamer(patient);
  const replacement = random.fork('replacement');

  const sensor = new CgmSensor(
    {
      spec,
      random,
      builder: context.builder,
      deviceIdFor,
      sourceUnits: patient.units,
      isAsleep: (utcMs) => isAsleep(context, utcMs),
      nextInsertionMs: (endedMs) => {
        if (replacement.chance(0.04)) {
          return endedMs + replacement.between(24, 72) * MS_PER_HOUR;
        }
        const delay = logNormal(replacement, 45, 1) * MS_PER_MINUTE;
        if (isAsleep(context, endedMs)) {
          return Math.max(endedMs, context.sleep.endMs) + delay;
        }
        return endedMs + delay;
      },
      meterReading: (plasmaMgDl) => plasmaMgDl * (1 + normal(random, 0, 0.05)),
      compressionLowsPerNight: patient.profile.behaviour.compressionLowsPerNight,
    },
    firstInsertionMs,
    patient.needs.targetMgDl,
  );

  return sensor;
}

/**
 * Returns the function that names the device of a reading: the transmitter for Dexcom, else
 * the pump (Medtronic sensors) or the reader app. The name of the last transmitter is kept, so
 * that the readings of one session share one string.
 */
function deviceIdNamer(
  patient: SimulationContext['patient'],
): (transmitter: { id: string }) => string {
  const spec = patient.cgm;
  if (spec.maker === 'dexcom') {
    let transmitterId: string | null = null;
    let deviceId = '';
    return (transmitter) => {
      if (transmitter.id !== transmitterId) {
        transmitterId = transmitter.id;
        deviceId = `${spec.deviceIdPrefix}:${transmitter.id}`;
      }
      return deviceId;
    };
  }
  const deviceId =
    spec.maker === 'medtronic'
      ? `${patient.pump?.deviceIdPrefix ?? spec.deviceIdPrefix}:${patient.pumpSerial}`
      : `${spec.deviceIdPrefix}:${patient.readerSerial}`;
  return () => deviceId;
}
