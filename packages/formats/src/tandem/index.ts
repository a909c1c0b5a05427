/**
 * Tandem exports: t:connect Therapy Timeline (`tandem-tconnect`) and Tandem Source
 * (`tandem-source`).
 */
export { tandemSource, SOURCE_FORMAT_ID } from './source/index.ts';
export type { SourceWriteOptions } from './source/index.ts';
export { tandemTConnect, TCONNECT_FORMAT_ID, TCONNECT_VARIANT } from './tconnect/index.ts';
export type { TConnectWriteOptions } from './tconnect/index.ts';
export type { SourceCells, TandemRecord, TandemSettings } from './shared/record-body.ts';
