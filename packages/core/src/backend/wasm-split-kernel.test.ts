import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from './tf.js';
import { selectTfjsBackend } from './tfjs-backend.js';

const shapes: Array<{ shape: number[]; splits: number | number[]; axis: number }> = [
  { shape: [6, 10], splits: [4, 6], axis: 1 },
  { shape: [6, 10], splits: [3, -1], axis: 0 },
  { shape: [2, 9, 5], splits: 3, axis: 1 },
  { shape: [2, 3, 8], splits: [1, 2, 5], axis: -1 },
  { shape: [12], splits: [5, 7], axis: 0 },
];

/** The pieces of a split on one backend, as plain arrays. */
async function pieces(backend: 'cpu' | 'wasm', c: (typeof shapes)[number]) {
  await tf.setBackend(backend);
  const n = c.shape.reduce((p, d) => p * d, 1);
  return tf.tidy(() => {
    const x = tf.tensor(Float32Array.from({ length: n }, (_, i) => i * 0.5 - 3), c.shape);
    return tf.split(x, Array.isArray(c.splits) ? [...c.splits] : c.splits, c.axis).map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
  });
}

describe('SplitV on wasm as block copies (compared with the cpu backend)', () => {
  beforeAll(async () => {
    await selectTfjsBackend({ requested: 'wasm' });
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each(shapes)('splits $shape into $splits along axis $axis exactly as cpu does', async (c) => {
    const cpu = await pieces('cpu', c);
    const wasm = await pieces('wasm', c);
    expect(wasm).toEqual(cpu);
  });

  it('routes the gradient of concat through it without leaking tensors', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor2d([[5], [6]]);
    const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.concat([p, q], 1), tf.tensor2d([[1, 2, 3], [4, 5, 6]]))))([a, b]);
    expect(Array.from(ga.dataSync())).toEqual([1, 2, 4, 5]);
    expect(Array.from(gb.dataSync())).toEqual([3, 6]);
    tf.dispose([a, b, ga, gb]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
