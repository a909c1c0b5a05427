/**
 * Bundle the TypeScript server entry `entry` into the ES module `outfile`, which plain Node.js
 * runs; see bundle-server.mjs.
 */
export function bundleServer(entry: string, outfile: string): Promise<void>;
