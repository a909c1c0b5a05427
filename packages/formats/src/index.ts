/**
 * Device export readers and writers. Each format is a module implementing `FormatModule`;
 * `registry.ts` lists them and offers detection, reading and writing by format identifier.
 */
export type {
  CsvLayout,
  FormatDetection,
  FormatModule,
  IssueSeverity,
  ReadEvent,
  ReadIssue,
  ReadOptions,
  WriteOptions,
} from './core/types.ts';
export { CsvTokenizer, tokenizeCsv, tokenizeCsvText } from './core/csv-tokenizer.ts';
export type { CsvRow, CsvTokenizerOptions } from './core/csv-tokenizer.ts';
export {
  countSeparators,
  detectCsvLayout,
  formatCsvField,
  formatCsvRow,
} from './core/csv-writer.ts';
export { collectRead, peekHead, textChunks } from './core/streams.ts';
export {
  DETECTION_HEAD_LENGTH,
  detectFormat,
  FORMAT_MODULES,
  getFormatModule,
  readExportFile,
  readExportStream,
  UnknownFormatError,
  writeExport,
} from './registry.ts';
export type { ExportReadResult, ExportStream } from './registry.ts';
export { CLARITY_FORMAT_ID, dexcomClarity } from './dexcom-clarity/index.ts';
export type {
  ClarityAlertSetting,
  ClaritySettings,
  ClarityWriteOptions,
} from './dexcom-clarity/index.ts';
export { NIGHTSCOUT_FORMAT_ID, nightscout, nightscoutSourceOf } from './nightscout/index.ts';
export type {
  NightscoutCollection,
  NightscoutDocument,
  NightscoutPumpSettings,
  NightscoutRecord,
  NightscoutSource,
  NightscoutSyncIds,
  NightscoutVariant,
  NightscoutWriteOptions,
  ScheduleEntry,
} from './nightscout/index.ts';
export {
  abbottLibreView,
  LIBREVIEW_DATE_FORMATS,
  LIBREVIEW_FORMAT_ID,
  SCAN_DEVICE_SUFFIX,
} from './libreview/index.ts';
export type { DateOrder, LibreViewDateFormat, LibreViewWriteOptions } from './libreview/index.ts';
export { GLOOKO_FORMAT_ID, GLOOKO_TABLES, glooko } from './glooko/index.ts';
export type { GlookoTable, GlookoWriteOptions } from './glooko/index.ts';
export { CARELINK_FORMAT_ID, medtronicCareLink } from './medtronic-carelink/index.ts';
export type {
  CareLinkPatient,
  CareLinkRecord,
  CareLinkSettings,
  CareLinkWriteOptions,
} from './medtronic-carelink/index.ts';
export {
  SOURCE_FORMAT_ID,
  TCONNECT_FORMAT_ID,
  TCONNECT_VARIANT,
  tandemSource,
  tandemTConnect,
} from './tandem/index.ts';
export type {
  SourceWriteOptions,
  TandemRecord,
  TandemSettings,
  TConnectWriteOptions,
} from './tandem/index.ts';
export {
  bytesSource,
  listHeadEntries,
  openFileSource,
  readZipDirectory,
  readZipEntry,
  startsWithZipMagic,
  writeZip,
  ZIP_MAGIC,
  ZipFormatError,
} from './core/zip.ts';
export type {
  ByteSource,
  FileByteSource,
  HeadEntry,
  ZipEntry,
  ZipErrorCode,
  ZipWriteEntry,
  ZipWriteOptions,
} from './core/zip.ts';
