import { createContext, useContext, type ReactNode } from 'react';

import type { ApiClient } from './client.ts';

const ApiClientContext = createContext<ApiClient | null>(null);

/** Provides the API client of the signed-in user to the components below it. */
export function ApiClientProvider({
  client,
  children,
}: {
  client: ApiClient;
  children: ReactNode;
}) {
  return <ApiClientContext.Provider value={client}>{children}</ApiClientContext.Provider>;
}

/** Returns the API client from the nearest `ApiClientProvider`. Throws when there is none. */
export function useApiClient(): ApiClient {
  const client = useContext(ApiClientContext);
  if (client === null) {
    throw new Error('useApiClient needs an ApiClientProvider above the component.');
  }
  return client;
}
