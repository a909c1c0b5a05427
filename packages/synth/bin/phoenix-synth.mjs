#!/usr/bin/env node
// Runs the TypeScript command line through tsx, resolved from this package, so the command
// works from any working directory.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
