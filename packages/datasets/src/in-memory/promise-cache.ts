/**
 * Promises by key, each load started once: the first request for a key starts its load and every
 * later request shares that promise. A load that fails is forgotten, so that the next request tries
 * again instead of repeating a stale error (a file fixed, a directory mounted).
 */
export class PromiseCache<K, V> {
  readonly #pending = new Map<K, Promise<V>>();

  /** The promise of `key`: the one already started, or `load(key)` started now and kept. */
  get(key: K, load: (key: K) => Promise<V>): Promise<V> {
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = load(key);
      this.#pending.set(key, pending);
      pending.catch(() => this.#pending.delete(key));
    }
    return pending;
  }

  /** Keeps `value` as the promise of `key` (e.g. a value already at hand), replacing any other. */
  set(key: K, value: Promise<V>): void {
    this.#pending.set(key, value);
  }
}
