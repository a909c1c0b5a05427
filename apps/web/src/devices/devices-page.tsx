import { useId } from 'react';

import { OwnPatient } from '../patients/own-patient.tsx';
import { displayTimeZone, usePreferences } from '../preferences/preferences-context.tsx';
import { BridgesSection } from './bridges-section.tsx';
import { DevicesSection } from './devices-section.tsx';
import { PairingCodeSection } from './pairing-code-section.tsx';

/**
 * Renders the patient's devices and bridges page: the devices with their last upload, the
 * paired bridges with their last contact, and the pairing code for a new bridge.
 */
export function DevicesPage() {
  const headingId = useId();
  const preferences = usePreferences();
  return (
    <section aria-labelledby={headingId} className="space-y-6">
      <h1 id={headingId} className="text-2xl font-bold">
        Devices and bridges
      </h1>
      <OwnPatient>
        {(patient) => {
          const timeZone = displayTimeZone(preferences, patient.timezone);
          return (
            <>
              <DevicesSection patientId={patient.id} timeZone={timeZone} />
              <BridgesSection patientId={patient.id} timeZone={timeZone} />
              <PairingCodeSection patientId={patient.id} timeZone={timeZone} />
            </>
          );
        }}
      </OwnPatient>
    </section>
  );
}
