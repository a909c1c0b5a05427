import http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { Permits, UploadSlots } from './upload-slots.ts';

let app: FastifyInstance | null = null;

afterEach(async () => {
  await app?.close();
  app = null;
});

/** Build an app whose POST /work waits until the test finishes request `id`. */
async function appWithSlots(size: number) {
  const slots = new UploadSlots(size);
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  app = Fastify();
  app.post<{ Querystring: { id: string; fail?: string; leave?: string } }>(
    '/work',
    { onRequest: (request, reply) => slots.admit(request, reply) },
    async (request) => {
      const { id, fail, leave } = request.query;
      started.push(id);
      if (leave) slots.leave(request);
      await new Promise<void>((resolve) => finishers.set(id, resolve));
      if (fail) throw new Error(`request ${id} failed`);
      return { id };
    },
  );
  await app.ready();
  const post = (id: string, options: { fail?: boolean; leave?: boolean } = {}) =>
    app!.inject({
      method: 'POST',
      url: `/work?id=${id}${options.fail ? '&fail=1' : ''}${options.leave ? '&leave=1' : ''}`,
      payload: {},
    });
  const finish = (id: string) => finishers.get(id)?.();
  return { slots, started, post, finish };
}

/** Lets pending promise callbacks and I/O run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

describe('UploadSlots', () => {
  it('admits uploads up to its size', async () => {
    const { slots, started, post, finish } = await appWithSlots(2);
    const responses = [post('a'), post('b'), post('c')];
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(slots.queued).toBe(1);

    finish('a');
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    finish('b');
    finish('c');
    const statuses = (await Promise.all(responses)).map((response) => response.statusCode);
    expect(statuses).toEqual([200, 200, 200]);
    expect(slots.queued).toBe(0);
  });

  it('admits in order of arrival', async () => {
    const { started, post, finish } = await appWithSlots(1);
    const responses = ['a', 'b', 'c', 'd'].map((id) => post(id));
    for (const id of ['a', 'b', 'c', 'd']) {
      await settle();
      finish(id);
    }
    await Promise.all(responses);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('frees the slot of a failed upload', async () => {
    const { started, post, finish } = await appWithSlots(1);
    const failed = post('a', { fail: true });
    const next = post('b');
    await settle();
    finish('a');
    expect((await failed).statusCode).toBe(500);
    await settle();
    expect(started).toEqual(['a', 'b']);
    finish('b');
    expect((await next).statusCode).toBe(200);
  });

  it('frees the slot of a client that left while waiting', async () => {
    const { started, post, finish } = await appWithSlots(1);
    const address = await app!.listen({ host: '127.0.0.1', port: 0 });
    const first = post('a');
    await settle();

    const leaving = http.request(`${address}/work?id=b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    leaving.on('error', () => {});
    leaving.write('{');
    await settle();
    leaving.destroy();
    await settle();

    finish('a');
    expect((await first).statusCode).toBe(200);
    const third = post('c');
    await settle();
    expect(started).toEqual(['a', 'c']);
    finish('c');
    expect((await third).statusCode).toBe(200);
  });

  it('admits the next after an early leave', async () => {
    const { slots, started, post, finish } = await appWithSlots(1);
    const responses = [post('a', { leave: true }), post('b', { leave: true }), post('c')];
    await settle();
    // a and b gave their slot back while still working, and c has the only slot.
    expect(started).toEqual(['a', 'b', 'c']);
    const late = post('d');
    await settle();
    expect(slots.queued).toBe(1);
    // a's response closing does not give back a slot a second time.
    finish('a');
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    finish('c');
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    finish('b');
    finish('d');
    const statuses = (await Promise.all([...responses, late])).map((r) => r.statusCode);
    expect(statuses).toEqual([200, 200, 200, 200]);
  });

  it('rejects a size below one', () => {
    expect(() => new UploadSlots(0)).toThrow(/1 or more/);
    expect(() => new UploadSlots(1.5)).toThrow(/1 or more/);
  });
});

describe('Permits', () => {
  it('grants in order, releasing once', async () => {
    const permits = new Permits(1);
    const order: string[] = [];
    const first = await permits.acquire();
    const waiting = ['b', 'c'].map((id) =>
      permits.acquire().then((release) => {
        order.push(id);
        return release;
      }),
    );
    await settle();
    expect(permits.queued).toBe(2);
    first();
    first();
    await settle();
    expect(order).toEqual(['b']);
    (await waiting[0]!)();
    (await waiting[1]!)();
    expect(order).toEqual(['b', 'c']);
    // Only one permit exists, so a new request gets it at once and the next waits.
    await permits.acquire();
    let granted = false;
    void permits.acquire().then(() => (granted = true));
    await settle();
    expect(granted).toBe(false);
  });
});
