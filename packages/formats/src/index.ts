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
