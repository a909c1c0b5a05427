#!/usr/bin/env node
// Runs the TypeScript command line through tsx, resolved from this package, so the command
// works from any working directory.
import { register } from 'tsx/esm/api';

// A reader that stops early (`phoenix-bridge inspect FILE --json | head`) closes the pipe;
// that ends the output, not the program with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
