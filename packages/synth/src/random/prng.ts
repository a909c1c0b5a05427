/**
 * Seeded pseudo-random numbers that give the same sequence on every machine.
 *
 * The generator is xoshiro128** (Blackman and Vigna, "Scrambled linear pseudorandom number
 * generators", ACM Trans Math Softw 2021): 128 bits of state, period 2^128 - 1, built from
 * 32-bit shifts, rotations, `Math.imul` and XOR, which every JavaScript engine computes alike.
 * Seeds are expanded into state with the 32-bit finalizer of MurmurHash3 (fmix32) applied to a
 * Weyl sequence, so that nearby seeds give unrelated streams.
 *
 * `fork(label)` derives an independent stream from a stream's seed and a label. The simulation
 * gives each concern (the CGM, the patient's behaviour, each day's plan) its own fork, so that a
 * change in how one concern draws numbers leaves the numbers of the others unchanged.
 */

const TWO_POW_MINUS_32 = 1 / 4294967296;

/** Mixes a 32-bit integer (MurmurHash3's fmix32 finalizer). */
function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hashes text to 32 bits (FNV-1a over UTF-16 code units, then fmix32). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(h);
}

/** Turns a seed given as a number or text into 32 bits. Numbers are truncated to integers. */
export function seedToUint32(seed: number | string): number {
  if (typeof seed === 'string') {
    return hashText(seed);
  }
  if (!Number.isFinite(seed)) {
    throw new RangeError(`Invalid seed ${seed}: expected a finite number or a text.`);
  }
  // Fold the high bits of large integers in, so 2^32 and 0 differ.
  const low = Math.trunc(seed) % 4294967296;
  const high = Math.trunc(seed / 4294967296);
  return mix32(low ^ mix32(high + 0x9e3779b9));
}

/** A deterministic random stream. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  /** Creates a stream from a seed (number or text); equal seeds give equal streams. */
  constructor(readonly seed: number | string) {
    let weyl = seedToUint32(seed);
    const next = (): number => {
      weyl = (weyl + 0x9e3779b9) | 0;
      return mix32(weyl);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) {
      this.s0 = 1;
    }
  }

  /** Returns an independent stream for `label`, determined by this stream's seed alone. */
  fork(label: string | number): Random {
    return new Random(`${String(this.seed)}/${String(label)}`);
  }

  /** Returns the next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotateLeft(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotateLeft(this.s3, 11);
    return result;
  }

  /** Returns a uniform number in the open interval (0, 1). */
  uniform(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
  }

  /** Returns a uniform number in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Returns a uniform integer in [min, max], both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  /** Returns true with probability `p`. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Caches the second deviate of the polar method for the next call. */
  setSpareNormal(value: number | null): void {
    this.spareNormal = value;
  }

  /** Returns and clears the cached deviate, or null. */
  takeSpareNormal(): number | null {
    const spare = this.spareNormal;
    this.spareNormal = null;
    return spare;
  }

  /** Returns an element chosen uniformly; throws RangeError for an empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new RangeError('Cannot pick from an empty list.');
    }
    return items[Math.floor(this.uniform() * items.length)] as T;
  }
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
