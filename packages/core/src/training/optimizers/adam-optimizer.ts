import { tf, type Tensor, type Variable } from '../../backend/tf.js';
import { adamUpdate } from '../../backend/adam-update-kernel.js';
import type { Optimizer, ParameterEntry } from './optimizer.js';

export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * Adam (Kingma & Ba 2015) with bias correction, ε added outside the square root as in PyTorch and
 * TensorFlow's Keras: w ← w − lr·m̂ / (√v̂ + ε).
 */
export class AdamOptimizer implements Optimizer {
  readonly type = 'adam';
  readonly #m = new Map<string, Variable>();
  readonly #v = new Map<string, Variable>();
  #step = 0;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(
    private readonly parameters: readonly ParameterEntry[],
    options: AdamOptions = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    for (const p of parameters) {
      this.#m.set(p.name, tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false)));
      this.#v.set(p.name, tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false)));
    }
  }

  apply(gradients: Readonly<Record<string, Tensor>>, learningRate: number): void {
    this.#step += 1;
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - beta1 ** this.#step;
    const correction2 = 1 - beta2 ** this.#step;
    tf.tidy(() => {
      for (const p of this.parameters) {
        const g = gradients[p.variable.name];
        if (!g) continue;
        const m = this.#m.get(p.name)!;
        const v = this.#v.get(p.name)!;
        const stepSize = (learningRate * p.learningRateScale) / correction1;
        const [wNew, mNew, vNew] = adamUpdate(p.variable, m, v, g, { stepSize, beta1, beta2, epsilon, correction2 });
        m.assign(mNew);
        v.assign(vNew);
        p.variable.assign(wNew);
      }
    });
  }

  getState(): { step: number; slots: Map<string, Tensor> } {
    const slots = new Map<string, Tensor>();
    for (const [name, m] of this.#m) slots.set(`${name}/m`, m);
    for (const [name, v] of this.#v) slots.set(`${name}/v`, v);
    return { step: this.#step, slots };
  }

  setState(state: { step: number; slots: ReadonlyMap<string, Float32Array> }): void {
    this.#step = state.step;
    for (const [slot, store] of [['m', this.#m], ['v', this.#v]] as const) {
      for (const [name, variable] of store) {
        const values = state.slots.get(`${name}/${slot}`);
        if (values) tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
      }
    }
  }

  dispose(): void {
    for (const v of [...this.#m.values(), ...this.#v.values()]) v.dispose();
  }
}
