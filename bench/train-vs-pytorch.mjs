#!/usr/bin/env node
// Training throughput of AffectFusion against PyTorch on this machine, measured side by side in one
// run: the early-fusion MLP and the augmented ensemble (YouTube-8M shapes: 1024 + 128 → 3862, sigmoid
// cross-entropy, Adam) at batch 256 and 1024. Prints samples/s of both and the ratio.
//
//   pnpm build && node bench/train-vs-pytorch.mjs [--backend wasm] [--samples 6144] [--epochs 3] [--native on|off] [--rounds 3]
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
    rounds: { type: 'string', default: '3' },
  },
});
const samples = Number(args.samples);
const epochs = Number(args.epochs);
const rounds = Number(args.rounds);
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
/** AffectFusion's best epoch rate (samples/s) after the first, which warms up (kernel selection, allocation). */
async function measureOurs(c) {
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
  return Math.max(...result.history.slice(1).map((h) => h.samplesPerSecond));
}

/** PyTorch's rate for the same case, measured the same way, in a child process. */
function measureTheirs(c) {
  if (!existsSync(args.python)) return NaN;
  const run = spawnSync(args.python, [path.join(here, 'torch_train_throughput.py'), JSON.stringify([c])], {
    encoding: 'utf8',
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', BENCH_THREADS: '2' },
  });
  if (run.status !== 0) throw new Error(`PyTorch run failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()).samplesPerSecond;
}

if (!existsSync(args.python)) console.error(`${args.python} not found: apt-get install python3-torch libopenblas0-pthread`);
// Rounds alternate the two sides case by case, so a disturbance on a shared machine hits both
// rather than one; each side's best round is reported, and the spread of the per-round ratios.
const ours = CASES.map(() => []);
const theirs = CASES.map(() => []);
for (let round = 1; round <= rounds; round++) {
  for (const [i, c] of CASES.entries()) {
    ours[i].push(await measureOurs(c));
    theirs[i].push(measureTheirs(c));
    console.error(`round ${round}: ${c.model} batch ${c.batch}: AffectFusion ${ours[i].at(-1).toFixed(0)}, PyTorch ${theirs[i].at(-1).toFixed(0)} samples/s`);
  }
}

const cpu = os.cpus();
console.log(`\nTraining throughput, ${samples} samples × ${epochs} epochs (best epoch after the first), best of ${rounds} alternating rounds; ${cpu[0]?.model} × ${cpu.length}, Node ${process.versions.node}`);
const nativeText = native.enabled && native.available ? `native kernels on, ${native.threads} threads` : `native kernels off${native.reason ? ` (${native.reason})` : ''}`;
console.log(`AffectFusion on tfjs ${backend.chosen}${backend.chosen === 'wasm' ? ` (fixes ${backend.wasmFixes ? 'on' : 'off'}, ${nativeText})` : ''}; PyTorch with 2 threads\n`);
console.log('| model | batch | AffectFusion samples/s | PyTorch samples/s | ratio (best/best) | per-round ratios |');
console.log('| --- | ---: | ---: | ---: | ---: | --- |');
CASES.forEach((c, i) => {
  const best = (xs) => Math.max(...xs);
  const perRound = ours[i].map((o, r) => (o / theirs[i][r]).toFixed(2)).join(', ');
  console.log(`| ${c.model} | ${c.batch} | ${best(ours[i]).toFixed(0)} | ${best(theirs[i]).toFixed(0)} | ${(best(ours[i]) / best(theirs[i])).toFixed(2)}× | ${perRound} |`);
});
