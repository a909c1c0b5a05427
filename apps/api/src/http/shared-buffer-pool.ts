/**
 * Pool of buffers of megabytes that pass between the main thread and the upload workers, such
 * as request bodies and their encoded rows. Each buffer is a view of a SharedArrayBuffer, so
 * the other thread reads it in place, without a copy. Reuse spares both threads a fresh buffer
 * of megabytes per upload, which costs page faults to fill and, because V8 counts such memory
 * as external memory, full garbage collections to free.
 */
export class SharedBufferPool {
  private readonly free: SharedArrayBuffer[] = [];

  /**
   * `keep` is the max number of free buffers kept. A buffer larger than `keepBytes` is not kept,
   * so that one rare large upload does not hold its memory for good.
   */
  constructor(
    private readonly keep: number,
    private readonly keepBytes: number,
  ) {}

  /** Free buffers kept for reuse. */
  get kept(): number {
    return this.free.length;
  }

  /**
   * Returns a buffer of exactly `size` bytes, on a kept SharedArrayBuffer when one is large
   * enough, otherwise on a new one. Its bytes are not cleared. Pass it to `give` once nothing
   * reads it any more, or drop it, and the garbage collector frees it as usual.
   */
  take(size: number): Buffer {
    let best = -1;
    for (let index = 0; index < this.free.length; index += 1) {
      const capacity = this.free[index]!.byteLength;
      if (capacity >= size && (best === -1 || capacity < this.free[best]!.byteLength)) {
        best = index;
      }
    }
    const shared =
      best === -1 ? new SharedArrayBuffer(capacityFor(size)) : this.free.splice(best, 1)[0]!;
    return Buffer.from(shared, 0, size);
  }

  /** Keeps a buffer that `take` returned for later use. */
  give(buffer: Buffer): void {
    const shared = buffer.buffer;
    if (!(shared instanceof SharedArrayBuffer) || shared.byteLength > this.keepBytes) return;
    if (this.free.includes(shared)) return;
    this.free.push(shared);
    // The smallest buffer goes first when too many are kept.
    if (this.free.length > this.keep) {
      this.free.sort((a, b) => a.byteLength - b.byteLength);
      this.free.shift();
    }
  }
}

const MIB = 1024 * 1024;

/**
 * Rounds a size up to a power of two of at least 1 MiB, so that uploads of similar sizes share
 * buffers. On Linux, pages of a large SharedArrayBuffer that are never written use no memory.
 */
function capacityFor(size: number): number {
  let capacity = MIB;
  while (capacity < size) capacity *= 2;
  return capacity;
}
