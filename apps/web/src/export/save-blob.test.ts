import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';

import { REVOKE_DELAY_MS, saveBlob } from './save-blob.ts';

interface ClickedLink {
  href: string;
  download: string;
  connected: boolean;
}

describe('saveBlob', () => {
  const originalCreate = URL.createObjectURL;
  const originalRevoke = URL.revokeObjectURL;
  const created: Blob[] = [];
  const revoked: string[] = [];
  const clicked: ClickedLink[] = [];
  let click: MockInstance<() => void>;

  beforeEach(() => {
    vi.useFakeTimers();
    created.length = 0;
    revoked.length = 0;
    clicked.length = 0;
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:http://localhost/file-1';
    };
    URL.revokeObjectURL = (url: string) => {
      revoked.push(url);
    };
    click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download, connected: this.isConnected });
    });
  });

  afterEach(() => {
    click.mockRestore();
    URL.createObjectURL = originalCreate;
    URL.revokeObjectURL = originalRevoke;
    vi.useRealTimers();
  });

  it('clicks a download link to the blob', () => {
    const blob = new Blob(['a,b\r\n'], { type: 'text/csv' });

    saveBlob(blob, 'readings.csv');

    expect(created).toEqual([blob]);
    expect(clicked).toEqual([
      { href: 'blob:http://localhost/file-1', download: 'readings.csv', connected: true },
    ]);
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('revokes the URL after the delay', () => {
    saveBlob(new Blob(['x']), 'x.csv');

    vi.advanceTimersByTime(REVOKE_DELAY_MS - 1);
    expect(revoked).toEqual([]);

    vi.advanceTimersByTime(1);
    expect(revoked).toEqual(['blob:http://localhost/file-1']);
  });

  it('cleans up when the click throws', () => {
    click.mockImplementation(() => {
      throw new Error('click failed');
    });

    expect(() => saveBlob(new Blob(['x']), 'x.csv')).toThrow('click failed');

    expect(document.querySelector('a[download]')).toBeNull();
    vi.advanceTimersByTime(REVOKE_DELAY_MS);
    expect(revoked).toEqual(['blob:http://localhost/file-1']);
  });
});
