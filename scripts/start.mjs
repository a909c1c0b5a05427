#!/usr/bin/env node
// `npm start`: build the dashboard when its sources are newer than the last build, bundle the
// API (which serves the dashboard) into apps/api/dist/server.mjs, and run it. npm runs this
// with --max-semi-space-size=4: the API's main thread parses no upload bodies (worker threads
// do), so a young generation of a few MB serves it, where V8's default of 16 MB semi-spaces
// keeps about 30 MB resident.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleServer } from './bundle-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'apps', 'web');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    0,
  );
}

const builtIndex = join(web, 'dist', 'index.html');
const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts')].filter(
  existsSync,
);
const stale =
  !existsSync(builtIndex) || Math.max(...sources.map(newestMtime)) > statSync(builtIndex).mtimeMs;
if (stale) {
  process.stdout.write('building the dashboard…\n');
  const build = spawnSync('npm', ['run', 'build', '-w', 'apps/web', '--silent'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Bundling takes well under a second, so the API is bundled on every start.
const server = join(root, 'apps', 'api', 'dist', 'server.mjs');
await bundleServer(join(root, 'apps', 'api', 'src', 'main.ts'), server);
process.setSourceMapsEnabled(true);
await import(pathToFileURL(server).href);
