import { useId, useState } from 'react';

import { useApiClient } from '../api/api-client-context.tsx';
import {
  listCareTeams,
  listShares,
  setShare,
  type CareTeamListing,
  type Share,
} from '../api/patient-api.ts';
import type { PatientSummary } from '../api/types.ts';
import { useApiResource } from '../hooks/use-api-resource.ts';
import { OwnPatient } from '../patients/own-patient.tsx';
import { displayTimeZone, usePreferences } from '../preferences/preferences-context.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { LoadingStatus } from '../ui/loading-status.tsx';
import { StatusMessage } from '../ui/status-message.tsx';
import { toError } from '../ui/to-error.ts';
import { ShareInviteForm } from './share-invite-form.tsx';
import { ShareList } from './share-list.tsx';

/**
 * Renders the patient's sharing page: which care teams may see their data, revoking one, and
 * inviting another. Access changes at once; clinicians of a revoked team lose it on their
 * next request.
 */
export function SharingPage() {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="max-w-3xl space-y-4">
      <h1 id={headingId} className="text-2xl font-bold">
        Sharing
      </h1>
      <OwnPatient>{(patient) => <PatientSharing patient={patient} />}</OwnPatient>
    </section>
  );
}

function PatientSharing({ patient }: { patient: PatientSummary }) {
  const client = useApiClient();
  const data = useApiResource(`sharing:${patient.id}`, (signal) =>
    Promise.all([listShares(client, patient.id, signal), listCareTeams(client, signal)]),
  );

  if (data.status === 'loading') {
    return <LoadingStatus label="Loading sharing…" />;
  }
  if (data.status === 'error') {
    return <ErrorMessage title="Sharing could not be loaded." error={data.error} />;
  }
  const [shares, teams] = data.data;
  return <SharingEditor patient={patient} initialShares={shares} teams={teams} />;
}

interface SharingEditorProps {
  patient: PatientSummary;
  initialShares: Share[];
  teams: CareTeamListing[];
}

/**
 * Shows and changes the shares. After each change it reloads the shares in the background,
 * so the page and the keyboard focus stay in place.
 */
function SharingEditor({ patient, initialShares, teams }: SharingEditorProps) {
  const client = useApiClient();
  const preferences = usePreferences();
  const [shares, setShares] = useState(initialShares);
  const [busyTeamId, setBusyTeamId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const change = async (team: { id: string; name: string }, granted: boolean) => {
    setBusyTeamId(team.id);
    setMessage(null);
    setError(null);
    try {
      await setShare(client, patient.id, team.id, granted);
      setShares(await listShares(client, patient.id));
      setMessage(
        granted ? `${team.name} can now see your data.` : `${team.name} no longer has access.`,
      );
    } catch (reason) {
      setError(toError(reason));
    } finally {
      setBusyTeamId(null);
    }
  };

  const invitable = teams.filter(
    (team) => !shares.some((share) => share.teamId === team.id && share.revokedAt === null),
  );
  return (
    <>
      <StatusMessage message={message} />
      {error !== null && <ErrorMessage title="Sharing could not be changed." error={error} />}
      <h2 className="text-xl font-semibold">Who has access</h2>
      <ShareList
        shares={shares}
        timeZone={displayTimeZone(preferences, patient.timezone)}
        revokingTeamId={busyTeamId}
        onRevoke={(share) => void change({ id: share.teamId, name: share.teamName }, false)}
      />
      <h2 className="text-xl font-semibold">Invite a care team</h2>
      <ShareInviteForm
        teams={invitable}
        saving={busyTeamId !== null && invitable.some((team) => team.id === busyTeamId)}
        onInvite={(team) => void change(team, true)}
      />
    </>
  );
}
