export * from './engine.ts';
export * from './migrate.ts';
export * from './session.ts';
export * from './ingest.ts';
export * from './queries.ts';
export * from './seed.ts';
export * from './databases.ts';
export * from './ports.ts';
