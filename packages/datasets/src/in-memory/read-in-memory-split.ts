import { SeededRandom, type InMemoryDataset, type ModalityValue, type ReadOptions, type Sample } from '@affectfusion/core';

/**
 * A split held in memory as the sample stream of `DatasetSource.read`: one sample per row, in row order or,
 * with `options.shuffleSeed`, in a seeded shuffle of the rows. A row's input per modality is a copy
 * of its values with the modality's sample shape (`[dim]` unless `shape` says otherwise) and its
 * slice of the frame mask; a modality whose `present` flag is 0 for the row is left out (missing).
 * The target is what the split's `writeTargets` writes for the row into `[targetWidth]` zeros.
 * `load` is called at the start of each iteration, so it should return a memoised split; the stream
 * ends early, without error, once `options.signal` is aborted.
 */
export function readInMemorySplit(load: () => Promise<InMemoryDataset>, options: ReadOptions = {}): AsyncIterable<Sample> {
  return {
    async *[Symbol.asyncIterator]() {
      const data = await load();
      const order = Array.from({ length: data.size }, (_, i) => i);
      if (options.shuffleSeed !== undefined) new SeededRandom(options.shuffleSeed).shuffle(order);
      for (const row of order) {
        if (options.signal?.aborted) return;
        const inputs: Record<string, ModalityValue | undefined> = {};
        for (const [name, m] of Object.entries(data.modalities)) {
          if (m.present && !m.present[row]) {
            inputs[name] = undefined;
            continue;
          }
          const shape = m.shape ?? [m.dim];
          const frames = shape[0];
          const value = { data: m.data.slice(row * m.dim, (row + 1) * m.dim), shape: [...shape] };
          inputs[name] = m.mask ? { ...value, mask: m.mask.slice(row * frames, (row + 1) * frames) } : value;
        }
        const target = new Float32Array(data.targetWidth);
        data.writeTargets([row], target);
        yield { id: data.ids[row], inputs, target };
      }
    },
  };
}
