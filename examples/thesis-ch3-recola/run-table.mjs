#!/usr/bin/env node
// Thesis Table 3.2 (RECOLA arousal): audio only (eGeMAPS 88), video only (84 appearance + 316
// geometric), early, late, ensemble, CentralNet and augmented ensemble, trained on the train
// recordings, scored by CCC on the development recordings after the post-processing chain.
//
//   node examples/thesis-ch3-recola/run-table.mjs --data /path/to/AVEC2016   # the real features
//   node examples/thesis-ch3-recola/run-table.mjs                            # a SYNTHETIC stand-in
//
// Options: --loss mse|ccc (mse, as the thesis), --epochs N, --label-delay SECONDS, --only early,late,
// --out DIR (one run folder per row; finished runs of the same configuration are reused), --force;
// for the synthetic set --recordings N (per partition) and --frames N (per recording).
// `affectfusion thesis ch3-recola` runs the same table and writes a report.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatRecolaTable, runRecolaTable, writeSyntheticRecola, AVEC2016_LAYOUT } from './dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string', default: path.join(root, 'runs/thesis-ch3-recola') },
    loss: { type: 'string', default: 'mse' },
    epochs: { type: 'string' },
    'label-delay': { type: 'string' },
    only: { type: 'string' },
    force: { type: 'boolean', default: false },
    recordings: { type: 'string', default: '3' },
    frames: { type: 'string', default: '1500' },
  },
});
if (args.loss !== 'mse' && args.loss !== 'ccc') {
  console.error(`--loss must be mse or ccc, got ${args.loss}`);
  process.exit(1);
}
await mkdir(args.out, { recursive: true });
const synthetic = !args.data;
let dataRoot;
if (synthetic) {
  dataRoot = path.join(args.out, `synthetic-avec2016-${args.recordings}x${args.frames}`);
  if (!existsSync(path.join(dataRoot, 'SYNTHETIC.txt'))) {
    console.error(`writing a SYNTHETIC RECOLA-layout set to ${dataRoot} …`);
    await writeSyntheticRecola(dataRoot, { recordings: Number(args.recordings), frames: Number(args.frames) });
  }
  console.error(
    '\n*** SYNTHETIC DATA: no real RECOLA / AVEC 2016 features were given (--data). The numbers below show that the code runs;\n' +
      '*** they say nothing about arousal recognition and must not be compared with the thesis. ***\n',
  );
} else {
  dataRoot = path.resolve(args.data);
  if (!existsSync(path.join(dataRoot, AVEC2016_LAYOUT.gold))) {
    console.error(`No gold standard at ${path.join(dataRoot, AVEC2016_LAYOUT.gold)}.\n  → pass --data <the AVEC 2016 RECOLA folder> (features_audio/, features_video_*/, ratings_gold_standard/), or edit the pipelines' folders`);
    process.exit(1);
  }
}
const goldDir = path.join(dataRoot, AVEC2016_LAYOUT.gold);
const hasTest = readdirSync(goldDir).some((f) => /^test_.*\.(arff|csv)$/i.test(f));
const result = await runRecolaTable({
  pipelinesDir: path.join(here, 'pipelines'),
  root: dataRoot,
  out: path.resolve(args.out),
  force: args.force,
  only: args.only?.split(','),
  loss: args.loss,
  epochs: args.epochs ? Number(args.epochs) : undefined,
  labelDelay: args['label-delay'] === undefined ? undefined : Number(args['label-delay']),
  test: hasTest ? ['test_*'] : undefined,
  log: (line) => console.error(line),
  onEvent: (row) => (event) => {
    if (event.type === 'epoch-end') console.error(`${row}: epoch ${event.epoch}: loss ${event.trainLoss.toFixed(4)}, ${event.samplesPerSecond.toFixed(0)} samples/s; dev ${Object.entries(event.metrics ?? {}).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
  },
});
const cpu = os.cpus();
const machine = `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, Node ${process.versions.node}`;
const notes = [
  synthetic
    ? `SYNTHETIC data (${args.recordings} recordings × ${args.frames} frames per partition, made by writeSyntheticRecola): function only — these numbers mean nothing about RECOLA.`
    : `AVEC 2016 RECOLA features from ${dataRoot}.`,
  `Loss ${result.loss === 'mse' ? 'MSE (as the thesis)' : '1 − CCC'}; SGD at 0.01 with batch 256 (the thesis: 0.1, which diverges here on the synthetic features), early stopping on development CCC; label delay as in the pipelines${args['label-delay'] ? ` (${args['label-delay']} s)` : ''}.`,
  'Post-processing (median filter, centring, scaling, time shift) fitted on the development predictions, each step kept only if development CCC rises; "post-processed" development CCC is therefore fitted on itself, as the thesis reports it' + (hasTest ? '; test CCC applies the development fit.' : '.'),
  `Frames: ${Object.entries(result.sizes).map(([s, n]) => `${s} ${n}`).join(', ')}; frames without video features (absent, handled by each strategy's missing-modality behaviour): ${Object.entries(result.absentFrames).map(([s, a]) => `${s} ${a.video ?? 0}`).join(', ')}.`,
  `Wall time ${result.seconds.toFixed(0)} s on ${machine}, tfjs ${result.backend}.`,
];
const table = formatRecolaTable(result, notes);
await writeFile(path.join(args.out, 'table.md'), `# Thesis Table 3.2 (RECOLA arousal)${synthetic ? ' — SYNTHETIC DATA, function only' : ''}\n\n${table}`);
await writeFile(path.join(args.out, 'results.json'), `${JSON.stringify({ machine, dataRoot, synthetic, ...result }, null, 2)}\n`);
console.log(table);
