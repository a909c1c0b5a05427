import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the API module graph', () => {
  it('leaves the OpenID provider out', async () => {
    // The API runs without the provider when OIDC_ISSUER is set, and the benchmark's API
    // server runs without it too. Loading it raised that server's peak RSS from 281 to 308 MB.
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./app.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [
        {
          // The workspace's packages are followed; every other package stays an import.
          name: 'follow-workspace-packages',
          setup(context) {
            context.onResolve({ filter: /^[^./]/ }, (args) =>
              args.path.startsWith('@phoenix/') ? undefined : { path: args.path, external: true },
            );
          },
        },
      ],
    });
    const imports = Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.map((entry) => entry.path),
    );
    const inputs = Object.keys(result.metafile.inputs);
    expect(imports.filter((path) => path.includes('oidc-provider'))).toEqual([]);
    expect(inputs.filter((path) => path.includes('apps/identity/src/index.ts'))).toEqual([]);
  });
});
