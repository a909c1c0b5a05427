/**
 * A small ZIP reader and writer on node:zlib, without dependencies: stored and deflated entries,
 * the central directory and CRC-32 checks (PKWARE APPNOTE.TXT 6.3.10). ZIP64, multi-disk archives
 * and encryption are not supported and raise `ZipFormatError` when read.
 */
export {
  bytesSource,
  openFileSource,
  startsWithZipMagic,
  ZIP_MAGIC,
  ZipFormatError,
  type ByteSource,
  type FileByteSource,
  type ZipEntry,
  type ZipErrorCode,
} from './zip-structure.ts';
export { listHeadEntries, readZipDirectory, readZipEntry, type HeadEntry } from './zip-reader.ts';
export { writeZip, type ZipWriteEntry, type ZipWriteOptions } from './zip-writer.ts';
