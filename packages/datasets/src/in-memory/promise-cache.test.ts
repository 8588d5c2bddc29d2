import { describe, expect, it } from 'vitest';
import { PromiseCache } from './promise-cache.js';

describe('PromiseCache', () => {
  it('starts one load per key and shares it between concurrent and later requests', async () => {
    const cache = new PromiseCache<string, number>();
    const calls: string[] = [];
    const load = async (key: string) => {
      calls.push(key);
      return key.length;
    };
    const [a, b] = await Promise.all([cache.get('abc', load), cache.get('abc', load)]);
    expect([a, b, await cache.get('abc', load), await cache.get('de', load)]).toEqual([3, 3, 3, 2]);
    expect(calls).toEqual(['abc', 'de']);
  });

  it('forgets a failed load, so the next request loads again', async () => {
    const cache = new PromiseCache<string, string>();
    let attempt = 0;
    const load = async () => {
      attempt++;
      if (attempt === 1) throw new Error('not yet');
      return `loaded on attempt ${attempt}`;
    };
    await expect(cache.get('k', load)).rejects.toThrow('not yet');
    expect(await cache.get('k', load)).toBe('loaded on attempt 2');
    expect(await cache.get('k', load)).toBe('loaded on attempt 2');
    expect(attempt).toBe(2);
  });

  it('keeps a promise given with set instead of loading', async () => {
    const cache = new PromiseCache<number, string>();
    cache.set(7, Promise.resolve('given'));
    expect(await cache.get(7, async () => 'loaded')).toBe('given');
  });
});
