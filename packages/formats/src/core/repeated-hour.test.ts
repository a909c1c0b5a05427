import { describe, expect, it } from 'vitest';
import { RepeatedHourResolver, type ResolvedItem, type RowOrder } from './repeated-hour.ts';
import { ZoneClock } from './zone-clock.ts';

/** Wall-clock time `YYYY-MM-DDTHH:mm` read as if it were UTC, in milliseconds. */
function wall(local: string): number {
  return Date.parse(`${local}:00Z`);
}

interface Row {
  local: string;
}

/** Adds the rows in order and ends the section, then returns every release in order. */
function resolveAll(order: RowOrder, timezone: string, locals: string[]): ResolvedItem<Row>[] {
  const resolver = new RepeatedHourResolver<Row>(order, new ZoneClock(timezone));
  const released: ResolvedItem<Row>[] = [];
  for (const local of locals) {
    released.push(...resolver.add(wall(local), { local }));
  }
  released.push(...resolver.flush());
  return released;
}

function summary(released: ResolvedItem<Row>[]): [string, string, string][] {
  return released.map((entry) => [
    entry.item.local.slice(11),
    entry.resolution,
    new Date(entry.instantMs).toISOString(),
  ]);
}

describe('RepeatedHourResolver', () => {
  // Europe/Berlin 2024-10-27: 03:00 CEST (UTC+2) becomes 02:00 CET (UTC+1) at 01:00 UTC, so a
  // first-pass 02:xx is 00:xx UTC and a second-pass 02:xx is 01:xx UTC.
  it('resolves both passes of an oldest-first section', () => {
    const released = resolveAll('oldestFirst', 'Europe/Berlin', [
      '2024-10-27T01:55',
      '2024-10-27T02:10',
      '2024-10-27T02:40',
      '2024-10-27T02:05',
      '2024-10-27T02:35',
      '2024-10-27T03:05',
    ]);
    expect(summary(released)).toEqual([
      ['01:55', 'exact', '2024-10-26T23:55:00.000Z'],
      ['02:10', 'resolved', '2024-10-27T00:10:00.000Z'],
      ['02:40', 'resolved', '2024-10-27T00:40:00.000Z'],
      ['02:05', 'resolved', '2024-10-27T01:05:00.000Z'],
      ['02:35', 'resolved', '2024-10-27T01:35:00.000Z'],
      ['03:05', 'exact', '2024-10-27T02:05:00.000Z'],
    ]);
  });

  // America/New_York 2024-11-03: 02:00 EDT (UTC-4) becomes 01:00 EST (UTC-5) at 06:00 UTC, so
  // a first-pass 01:xx is 05:xx UTC and a second-pass 01:xx is 06:xx UTC.
  it('resolves both passes of a newest-first section', () => {
    const released = resolveAll('newestFirst', 'America/New_York', [
      '2024-11-03T02:05',
      '2024-11-03T01:35',
      '2024-11-03T01:05',
      '2024-11-03T01:40',
      '2024-11-03T01:10',
      '2024-11-03T00:55',
    ]);
    expect(summary(released)).toEqual([
      ['02:05', 'exact', '2024-11-03T07:05:00.000Z'],
      ['01:35', 'resolved', '2024-11-03T06:35:00.000Z'],
      ['01:05', 'resolved', '2024-11-03T06:05:00.000Z'],
      ['01:40', 'resolved', '2024-11-03T05:40:00.000Z'],
      ['01:10', 'resolved', '2024-11-03T05:10:00.000Z'],
      ['00:55', 'exact', '2024-11-03T04:55:00.000Z'],
    ]);
  });

  it('holds repeated-hour rows until the section leaves the hour', () => {
    const resolver = new RepeatedHourResolver<string>(
      'oldestFirst',
      new ZoneClock('Europe/Berlin'),
    );
    expect(resolver.add(wall('2024-10-27T01:55'), 'a')).toHaveLength(1);
    expect(resolver.add(wall('2024-10-27T02:10'), 'b')).toEqual([]);
    expect(resolver.add(wall('2024-10-27T02:05'), 'c')).toEqual([]);
    const released = resolver.add(wall('2024-10-27T03:00'), 'd');
    expect(released.map((entry) => entry.item)).toEqual(['b', 'c', 'd']);
    expect(resolver.flush()).toEqual([]);
  });

  it('marks one pass without a step ambiguous', () => {
    const released = resolveAll('oldestFirst', 'Europe/Berlin', [
      '2024-10-27T02:10',
      '2024-10-27T02:40',
      '2024-10-27T03:05',
    ]);
    expect(summary(released)).toEqual([
      ['02:10', 'ambiguous', '2024-10-27T00:10:00.000Z'],
      ['02:40', 'ambiguous', '2024-10-27T00:40:00.000Z'],
      ['03:05', 'exact', '2024-10-27T02:05:00.000Z'],
    ]);
  });

  it('marks a single repeated-hour row ambiguous', () => {
    const released = resolveAll('newestFirst', 'Europe/Berlin', ['2024-10-27T02:30']);
    expect(summary(released)).toEqual([['02:30', 'ambiguous', '2024-10-27T00:30:00.000Z']]);
  });

  it('marks equal wall times ambiguous', () => {
    const released = resolveAll('oldestFirst', 'Europe/Berlin', [
      '2024-10-27T02:30',
      '2024-10-27T02:30',
    ]);
    expect(released.map((entry) => entry.resolution)).toEqual(['ambiguous', 'ambiguous']);
    expect(released.map((entry) => entry.instantMs)).toEqual([
      Date.parse('2024-10-27T00:30:00Z'),
      Date.parse('2024-10-27T00:30:00Z'),
    ]);
  });

  it('marks a run with two steps ambiguous', () => {
    // 02:40 → 02:10 and 02:50 → 02:20 both step back: no sorted section has three passes.
    const released = resolveAll('oldestFirst', 'Europe/Berlin', [
      '2024-10-27T02:40',
      '2024-10-27T02:10',
      '2024-10-27T02:50',
      '2024-10-27T02:20',
    ]);
    expect(released.map((entry) => entry.resolution)).toEqual([
      'ambiguous',
      'ambiguous',
      'ambiguous',
      'ambiguous',
    ]);
  });

  it('keeps repeated hours of two years apart', () => {
    // Berlin repeated 02:00–02:59 on 2023-10-29 (00:xx UTC in the first pass) as well.
    const released = resolveAll('oldestFirst', 'Europe/Berlin', [
      '2023-10-29T02:30',
      '2024-10-27T02:40',
      '2024-10-27T02:10',
    ]);
    expect(summary(released)).toEqual([
      ['02:30', 'ambiguous', '2023-10-29T00:30:00.000Z'],
      ['02:40', 'resolved', '2024-10-27T00:40:00.000Z'],
      ['02:10', 'resolved', '2024-10-27T01:10:00.000Z'],
    ]);
  });

  it('marks a time in the spring gap nonexistent', () => {
    // 02:30 does not exist on 2024-03-31 in Berlin, so the offset before the gap (UTC+1) is used.
    const released = resolveAll('oldestFirst', 'Europe/Berlin', ['2024-03-31T02:30']);
    expect(summary(released)).toEqual([['02:30', 'nonexistent', '2024-03-31T01:30:00.000Z']]);
  });

  it('releases a long run ambiguous at the row limit', () => {
    const resolver = new RepeatedHourResolver<number>(
      'oldestFirst',
      new ZoneClock('Europe/Berlin'),
    );
    let released: ResolvedItem<number>[] = [];
    for (let row = 0; row < 10_000 && released.length === 0; row += 1) {
      released = resolver.add(wall('2024-10-27T02:30'), row);
    }
    expect(released).toHaveLength(10_000);
    expect(released.every((entry) => entry.resolution === 'ambiguous')).toBe(true);
    expect(resolver.flush()).toEqual([]);
  });
});
