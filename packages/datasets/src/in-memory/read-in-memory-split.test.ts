import { SeededRandom, type InMemoryDataset, type ModalityValue, type Sample } from '@affectfusion/core';
import { describe, expect, it } from 'vitest';
import { readInMemorySplit } from './read-in-memory-split.js';

const ROWS = 6;
/**
 * Row r: modality `a` `[2]` = [r, −r], always present; modality `b` `[3, 2]` = 10r + 0…5 with frame
 * mask 1 for the first (r % 3) + 1 frames, absent in row 1; target `[2]` = [r, 100 + r].
 */
function split(): InMemoryDataset {
  const a = Float32Array.from({ length: ROWS * 2 }, (_, i) => (i % 2 === 0 ? i / 2 : -(i - 1) / 2));
  const b = Float32Array.from({ length: ROWS * 6 }, (_, i) => 10 * Math.floor(i / 6) + (i % 6));
  const mask = Uint8Array.from({ length: ROWS * 3 }, (_, i) => (i % 3 <= Math.floor(i / 3) % 3 ? 1 : 0));
  const present = Uint8Array.from({ length: ROWS }, (_, r) => (r === 1 ? 0 : 1));
  return {
    size: ROWS,
    ids: Array.from({ length: ROWS }, (_, r) => `row${r}`),
    modalities: { a: { dim: 2, data: a }, b: { dim: 6, shape: [3, 2], data: b, mask, present } },
    targetWidth: 2,
    writeTargets(rows, out) {
      for (let i = 0; i < rows.length; i++) out.set([rows[i], 100 + rows[i]], i * 2);
    },
  };
}

async function collect(it: AsyncIterable<Sample>): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const s of it) out.push(s);
  return out;
}
const value = (x: unknown) => x as ModalityValue;

describe('readInMemorySplit', () => {
  it('yields every row in order with its inputs, frame mask and target', async () => {
    const data = split();
    const samples = await collect(readInMemorySplit(async () => data));
    expect(samples.map((s) => s.id)).toEqual(['row0', 'row1', 'row2', 'row3', 'row4', 'row5']);
    const s4 = samples[4];
    expect(value(s4.inputs.a)).toEqual({ data: Float32Array.from([4, -4]), shape: [2] });
    expect(value(s4.inputs.b)).toEqual({ data: Float32Array.from([40, 41, 42, 43, 44, 45]), shape: [3, 2], mask: Uint8Array.from([1, 1, 0]) });
    expect(Array.from(s4.target)).toEqual([4, 104]);
    // Row 1 has no `b`: the modality is missing from the sample, not zeros.
    expect('b' in samples[1].inputs && samples[1].inputs.b === undefined).toBe(true);
    expect(Array.from(value(samples[2].inputs.b).mask!)).toEqual([1, 1, 1]);
    // Inputs are copies: changing one leaves the split as it was.
    value(s4.inputs.a).data[0] = 99;
    expect(data.modalities.a.data[8]).toBe(4);
  });

  it('shuffles the rows with the seed, the same way each time', async () => {
    const read = (shuffleSeed: number) => collect(readInMemorySplit(async () => split(), { shuffleSeed }));
    const order = new SeededRandom(3).shuffle(Array.from({ length: ROWS }, (_, r) => r));
    const first = await read(3);
    expect(first.map((s) => s.id)).toEqual(order.map((r) => `row${r}`));
    expect((await read(3)).map((s) => s.id)).toEqual(order.map((r) => `row${r}`));
    // Each shuffled sample still carries its own row's values.
    for (const s of first) {
      const r = Number(s.id.slice(3));
      expect(Array.from(value(s.inputs.a).data)).toEqual([r, -r]);
      expect(Array.from(s.target)).toEqual([r, 100 + r]);
    }
  });

  it('loads the split once per pass and stops when the signal is aborted', async () => {
    let loads = 0;
    const controller = new AbortController();
    const samples = readInMemorySplit(async () => (loads++, split()), { signal: controller.signal });
    const seen: string[] = [];
    for await (const s of samples) {
      seen.push(s.id);
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toEqual(['row0', 'row1']);
    expect(await collect(readInMemorySplit(async () => (loads++, split())))).toHaveLength(ROWS);
    expect(loads).toBe(2);
  });
});
