#!/usr/bin/env node
// Training throughput of AffectFusion against PyTorch on this machine, measured side by side in one
// run: the early-fusion MLP and the augmented ensemble (YouTube-8M shapes: 1024 + 128 → 3862, sigmoid
// cross-entropy, Adam) at batch 256 and 1024. Prints samples/s of both and the ratio.
//
//   pnpm build && node bench/train-vs-pytorch.mjs [--backend wasm] [--samples 6144] [--epochs 3] [--native on|off]
//
// --native off turns off the onnxruntime-backed kernels (GEMM, column sums, the fused loss's graph;
// packages/core/src/backend/native-compute.ts), leaving XNNPACK and the SIMD Adam, to show what they bring.
//
// PyTorch: Debian's python3-torch (1.13) with libopenblas0-pthread, /usr/bin/python3, 2 threads,
// OMP_WAIT_POLICY=PASSIVE (apt-get install python3-torch libopenblas0-pthread).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SeededRandom, Trainer, configureNativeKernels, nativeKernelsStatus, selectTfjsBackend } from '../packages/core/dist/index.js';
import { augmentedEnsembleStrategy, earlyFusionStrategy } from '../packages/fusion-strategies/dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    samples: { type: 'string', default: '6144' },
    epochs: { type: 'string', default: '3' },
    python: { type: 'string', default: '/usr/bin/python3' },
    native: { type: 'string', default: 'on' },
  },
});
const samples = Number(args.samples);
const epochs = Number(args.epochs);
const CASES = [
  { model: 'early', batch: 256 },
  { model: 'early', batch: 1024 },
  { model: 'augmented-ensemble', batch: 256 },
  { model: 'augmented-ensemble', batch: 1024 },
].map((c) => ({ ...c, samples, epochs }));

function randomData(n) {
  const r = new SeededRandom(1);
  const video = Float32Array.from({ length: n * 1024 }, () => r.normal());
  const audio = Float32Array.from({ length: n * 128 }, () => r.normal());
  const labels = Array.from({ length: n }, () => [r.int(3862), r.int(3862), r.int(3862)]);
  return {
    size: n,
    ids: Array.from({ length: n }, (_, i) => String(i)),
    modalities: { video: { dim: 1024, data: video }, audio: { dim: 128, data: audio } },
    targetWidth: 3862,
    writeTargets(rows, out) {
      for (let i = 0; i < rows.length; i++) for (const k of labels[rows[i]]) out[i * 3862 + k] = 1;
    },
  };
}

const backend = await selectTfjsBackend({ requested: args.backend });
configureNativeKernels({ enabled: args.native !== 'off' });
const native = nativeKernelsStatus();
const data = randomData(samples);
const strategies = { early: earlyFusionStrategy.create({}), 'augmented-ensemble': augmentedEnsembleStrategy.create({}) };
const ours = [];
for (const c of CASES) {
  const model = strategies[c.model].build({
    modalities: [{ name: 'video', dim: 1024 }, { name: 'audio', dim: 128 }],
    task: { kind: 'multi-label', outputs: 3862 },
    seed: 1,
  });
  const result = await new Trainer({
    model,
    task: { kind: 'multi-label', outputs: 3862 },
    train: data,
    config: { epochs, batchSize: c.batch, optimizer: { type: 'adam', learningRate: 0.001 } },
  }).run();
  model.dispose();
  // The first epoch warms up (kernel selection, allocation); take the best later one, as for PyTorch.
  const rate = Math.max(...result.history.slice(1).map((h) => h.samplesPerSecond));
  ours.push(rate);
  console.error(`affectfusion ${c.model} batch ${c.batch}: ${rate.toFixed(0)} samples/s`);
}

let theirs = CASES.map(() => NaN);
if (existsSync(args.python)) {
  const run = spawnSync(args.python, [path.join(here, 'torch_train_throughput.py'), JSON.stringify(CASES)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', BENCH_THREADS: '2' },
  });
  if (run.status !== 0) console.error(`PyTorch run failed:\n${run.stderr}`);
  else theirs = run.stdout.trim().split('\n').map((l) => JSON.parse(l).samplesPerSecond);
} else {
  console.error(`${args.python} not found: apt-get install python3-torch libopenblas0-pthread`);
}

const cpu = os.cpus();
console.log(`\nTraining throughput, ${samples} samples × ${epochs} epochs (best epoch after the first); ${cpu[0]?.model} × ${cpu.length}, Node ${process.versions.node}`);
const nativeText = native.enabled && native.available ? `native kernels on, ${native.threads} threads` : `native kernels off${native.reason ? ` (${native.reason})` : ''}`;
console.log(`AffectFusion on tfjs ${backend.chosen}${backend.chosen === 'wasm' ? ` (fixes ${backend.wasmFixes ? 'on' : 'off'}, ${nativeText})` : ''}; PyTorch with 2 threads\n`);
console.log('| model | batch | AffectFusion samples/s | PyTorch samples/s | ratio |');
console.log('| --- | ---: | ---: | ---: | ---: |');
CASES.forEach((c, i) => console.log(`| ${c.model} | ${c.batch} | ${ours[i].toFixed(0)} | ${theirs[i].toFixed(0)} | ${(ours[i] / theirs[i]).toFixed(2)}× |`));
