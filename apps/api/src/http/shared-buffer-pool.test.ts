import { describe, expect, it } from 'vitest';
import { SharedBufferPool } from './shared-buffer-pool.ts';

const MIB = 1024 * 1024;

describe('SharedBufferPool', () => {
  it('hands out shared buffers of the requested size', () => {
    const buffers = new SharedBufferPool(2, 8 * MIB);
    const buffer = buffers.take(300_000);
    expect(buffer.length).toBe(300_000);
    expect(buffer.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(buffer.buffer.byteLength).toBe(MIB);
    expect(buffers.take(5 * MIB + 1).buffer.byteLength).toBe(8 * MIB);
  });

  it('reuses the smallest kept buffer that fits', () => {
    const buffers = new SharedBufferPool(4, 8 * MIB);
    const small = buffers.take(MIB);
    const large = buffers.take(5 * MIB);
    buffers.give(large);
    buffers.give(small);
    expect(buffers.kept).toBe(2);
    expect(buffers.take(1000).buffer).toBe(small.buffer);
    expect(buffers.take(2 * MIB).buffer).toBe(large.buffer);
    // Nothing left fits, so the next buffer is new.
    expect(buffers.take(1000).buffer).not.toBe(small.buffer);
  });

  it('keeps a twice-returned buffer once', () => {
    const buffers = new SharedBufferPool(4, 8 * MIB);
    const buffer = buffers.take(MIB);
    buffers.give(buffer);
    buffers.give(buffer);
    expect(buffers.kept).toBe(1);
  });

  it('drops large and surplus buffers', () => {
    const buffers = new SharedBufferPool(2, 4 * MIB);
    buffers.give(buffers.take(6 * MIB));
    expect(buffers.kept).toBe(0);
    buffers.give(Buffer.alloc(10));
    expect(buffers.kept).toBe(0);

    const [one, two, four] = [MIB, 2 * MIB, 4 * MIB].map((size) => buffers.take(size));
    for (const buffer of [two!, one!, four!]) buffers.give(buffer);
    // The smallest went first.
    expect(buffers.kept).toBe(2);
    expect(buffers.take(MIB).buffer).toBe(two!.buffer);
    expect(buffers.take(MIB).buffer).toBe(four!.buffer);
  });
});
