export * from './upload.ts';
export * from './summary.ts';
export { main } from './cli.ts';
export * from './metrics.ts';
