#!/usr/bin/env node
// Makes a small clip set in AFEW's layout (Train/ and Val/, one folder per emotion) from the sample
// photos that @vladmandic/face-api ships (src/make-clips.ts says how). It is NOT an emotion dataset:
// numbers from it show function, not accuracy.
//
//   node examples/thesis-ch2-afew/make-clips.mjs [--out DIR] [--seconds 2] [--fps 5] [--force]
//
// Needs ffmpeg on the PATH and `pnpm build` (it runs on the built packages).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeClips } from './dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(here, 'data/synthetic-afew') },
    seconds: { type: 'string', default: '2' },
    fps: { type: 'string', default: '5' },
    force: { type: 'boolean', default: false },
  },
});
makeClips({ out: path.resolve(args.out), seconds: Number(args.seconds), fps: Number(args.fps), force: args.force, log: (line) => console.error(line) }).catch((error) => {
  console.error(`make-clips: ${error.message}`);
  process.exit(1);
});
