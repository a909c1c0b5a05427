import type { FastifyReply, FastifyRequest } from 'fastify';

/** A bounded number of permits, granted in order of request. */
export class Permits {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`the number of concurrent uploads must be 1 or more, not ${size}`);
    }
    this.free = size;
  }

  /** Requests waiting for a permit. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Waits for a permit and returns the function that gives it back. Only its first call counts. */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.release();
    };
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

/**
 * Admits a bounded number of uploads at a time, in order of arrival. An upload takes a slot
 * before its body is read and gives it back when its response is finished or its connection
 * closes, so waiting uploads keep their bytes in the socket buffers, not in the API's memory.
 * An upload whose body is parsed may `leave` earlier, so that the next body is read and parsed
 * while the database stores this one.
 */
export class UploadSlots {
  private readonly permits: Permits;
  private readonly releases = new WeakMap<FastifyRequest, () => void>();

  constructor(readonly size: number) {
    this.permits = new Permits(size);
  }

  /** Uploads waiting for a slot. */
  get queued(): number {
    return this.permits.queued;
  }

  /**
   * Wait for a slot for this request, and give it back once the response closes. The `close`
   * event of the response fires once in every case, after the response was sent or when the
   * connection ended early, so a slot is never lost.
   */
  async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let closed = false;
    reply.raw.once('close', () => {
      closed = true;
      this.leave(request);
    });
    const release = await this.permits.acquire();
    if (closed) {
      // The client left while the upload waited; the slot goes straight to the next one.
      release();
      request.log.info('upload abandoned while waiting for a slot');
      return;
    }
    this.releases.set(request, release);
  }

  /** Gives back the request's slot before its response closes, if it has one. */
  leave(request: FastifyRequest): void {
    const release = this.releases.get(request);
    if (!release) return;
    this.releases.delete(request);
    release();
  }
}
