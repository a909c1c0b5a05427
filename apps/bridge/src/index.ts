export * from './upload.ts';
export * from './summary.ts';
export { main } from './cli.ts';
export * from './metrics.ts';
export * from './bridge-state.ts';
export * from './outbox.ts';
export * from './drain.ts';
export * from './relay-commands.ts';
export * from './read-file.ts';
