#!/usr/bin/env node
// AV-MNIST-style fusion table: real spoken digits (Free Spoken Digit Dataset naming) paired by label
// with real MNIST images; the seven rows of the thesis's Table 3.1 (audio only, image only, early,
// late, ensemble, CentralNet, augmented ensemble) trained with one speaker held out for validation,
// each evaluated with every modality and with each modality removed.
//
//   node examples/av-mnist/run-table.mjs [--fsdd DIR] [--validation-speaker NAME] [--test DIR]
//       [--out DIR] [--only early,late] [--force] [--drop-probability P] [--audio mfcc|log-mel|egemaps] [--epochs N]
//       [--synthetic]
//
// --fsdd: a folder of {digit}_{speaker}_{index}.wav (default ../shared/data/fsdd beside the
// repository, else examples/av-mnist/data/fsdd). --test: a folder of other speakers' recordings,
// reported as the test columns. Finished runs in --out with the same configuration are reused.
// --synthetic: no FSDD — SYNTHETIC tone "digits" (function, not accuracy) written to <out>/synthetic-fsdd.
// `affectfusion thesis av-mnist` runs the same table and writes a report.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { trainingProgress } from '@affectfusion/core';
import { formatAvMnistTable, runAvMnistTable, writeSyntheticSpokenDigits } from './dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { values: args } = parseArgs({
  options: {
    fsdd: { type: 'string' },
    'validation-speaker': { type: 'string' },
    test: { type: 'string' },
    out: { type: 'string', default: path.join(root, 'runs/av-mnist') },
    only: { type: 'string' },
    force: { type: 'boolean', default: false },
    'drop-probability': { type: 'string' },
    audio: { type: 'string' },
    epochs: { type: 'string' },
    synthetic: { type: 'boolean', default: false },
  },
});

const shared = path.resolve(root, '../shared/data/fsdd');
let fsddDir = path.resolve(args.fsdd ?? (existsSync(shared) ? shared : path.join(here, 'data/fsdd')));
if (args.synthetic) {
  fsddDir = path.resolve(args.out, 'synthetic-fsdd');
  await writeSyntheticSpokenDigits(fsddDir);
  console.error(`*** SYNTHETIC spoken digits (tone glides, not speech) in ${fsddDir}: the numbers show function, not accuracy. ***`);
} else if (!existsSync(fsddDir)) {
  console.error(
    `Skipped: no spoken digits at ${fsddDir}.\n  → pass --fsdd <folder of {digit}_{speaker}_{index}.wav>, e.g. the recordings/ folder of ` +
      'the Free Spoken Digit Dataset (https://github.com/Jakobovski/free-spoken-digit-dataset, CC BY-SA 4.0), or --synthetic',
  );
  process.exit(0);
}
const started = performance.now();
const result = await runAvMnistTable({
  pipelinesDir: path.join(here, 'pipelines'),
  fsddDir,
  validationSpeaker: args['validation-speaker'],
  testDir: args.test && path.resolve(args.test),
  out: path.resolve(args.out),
  only: args.only?.split(','),
  force: args.force,
  dropProbability: args['drop-probability'] === undefined ? undefined : Number(args['drop-probability']),
  epochs: args.epochs === undefined ? undefined : Number(args.epochs),
  audio: args.audio ? { kind: args.audio } : undefined,
  onEvent: (row) => trainingProgress(row),
  log: (line) => console.error(line),
});
const cpu = os.cpus();
const machine = `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, Node ${process.versions.node}, tfjs ${result.rows[0]?.metrics.backend?.chosen ?? '?'}`;
const table = formatAvMnistTable(result, machine);
await writeFile(path.join(args.out, 'table.md'), `# AV-MNIST-style fusion (FSDD × MNIST)\n\n${table}`);
await writeFile(path.join(args.out, 'results.json'), `${JSON.stringify({ machine, fsddDir, ...result, command: process.argv.slice(2) }, null, 2)}\n`);
console.log(table);
console.error(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
