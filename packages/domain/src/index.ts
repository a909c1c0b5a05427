export * from './records.ts';
export * from './units.ts';
export * from './time.ts';
export * from './identity.ts';
export * from './plausibility.ts';
export * from './nul.ts';
export * from './bridge-signature.ts';
export * from './metrics/index.ts';
