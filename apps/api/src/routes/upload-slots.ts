import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Admits a bounded number of uploads at a time, in order of arrival. An upload takes a slot
 * before its body is read and gives it back when its response is finished or its connection
 * closes, so waiting uploads keep their bytes in the socket buffers, not in the API's memory.
 */
export class UploadSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`the number of concurrent uploads must be 1 or more, not ${size}`);
    }
    this.free = size;
  }

  /** Uploads waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Wait for a slot for this request, and give it back once the response closes. The `close`
   * event of the response fires once in every case, after the response was sent or when the
   * connection ended early, so a slot is never lost.
   */
  async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let closed = false;
    let holding = false;
    reply.raw.once('close', () => {
      closed = true;
      if (holding) this.release();
    });
    await this.acquire();
    if (closed) {
      // The client left while the upload waited; the slot goes straight to the next one.
      this.release();
      request.log.info('upload abandoned while waiting for a slot');
      return;
    }
    holding = true;
  }

  private acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}
