// Entry for the bundle-server test: it prints the file it was bundled from, a value computed by
// a workspace package, and whether a package installed only under apps/identity was loaded.
import { fileURLToPath } from 'node:url';
import { mgDlToMmolL } from '@phoenix/domain';
import { startIdentityProvider } from '@phoenix/identity';

process.stdout.write(
  JSON.stringify({
    source: fileURLToPath(import.meta.url),
    mmolL: mgDlToMmolL(180),
    identity: typeof startIdentityProvider,
  }),
);
