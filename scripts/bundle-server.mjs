// Bundles a server entry written in TypeScript (the API, or a benchmark's API process) into
// one ES module that plain Node.js runs. Loading the sources through tsx instead costs the
// process a module loader thread and the transpiled modules' source maps: about 55 MB of
// resident memory for the API on Node.js 20.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundle `entry` into `outfile` with an inline source map. The workspace packages
 * (`@phoenix/*`, TypeScript sources) go into the bundle; every other package stays an import
 * that Node.js resolves from node_modules as before. `import.meta.url` in each TypeScript
 * module becomes that module's own file URL, so paths built from it (migrations, the dashboard
 * build, worker entries) still point into the source tree.
 */
export async function bundleServer(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [workspaceSources],
  });
}

const RESOLVING = Symbol('resolving a package for an external import');

const workspaceSources = {
  name: 'phoenix-workspace-sources',
  setup(build) {
    // Bare imports other than the workspace's packages stay imports, but of the file that the
    // importing module would load: a workspace may have packages of its own (apps/identity
    // has oidc-provider), which Node.js would not find from the bundle's folder.
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@phoenix/') || args.pluginData === RESOLVING) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: RESOLVING,
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, external: true };
    });
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};
