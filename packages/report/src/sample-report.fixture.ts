// A report with every kind of block, for the tests and for looking at the page. The "thesis" column holds
// Table 3.1's numbers; the "this run" column is made up (the kind of data is flagged 'generated').
import { deflateSync } from 'node:zlib';
import type { Report } from './report-model.js';

export const THESIS_TABLE_3_1: readonly { model: string; thesis: number; run: number | null }[] = [
  { model: 'Audio only', thesis: 40.1, run: 38.72 },
  { model: 'Video only', thesis: 71.1, run: 69.449 },
  { model: 'Early fusion', thesis: 83.8, run: 81.25 },
  { model: 'Late fusion', thesis: 83.2, run: 80.96 },
  { model: 'Ensemble', thesis: 84.0, run: null },
  { model: 'CentralNet (Vielzeuf et al. 2018)', thesis: 83.9, run: 82.05 },
  { model: 'Augmented ensemble (ours)', thesis: 85.1, run: 83.349 },
];

export const CLASSES = ['game', 'string instrument', 'racing', 'concert'] as const;

/** Mean gate activation per class and feature (4 × 24), a smooth made-up pattern in [0, 1]. */
export const GATE_VALUES: readonly number[][] = CLASSES.map((_, r) =>
  Array.from({ length: 24 }, (_, c) => Math.round((0.5 + 0.45 * Math.sin(0.7 * r + c / 3)) * 1000) / 1000),
);

export function sampleReport(): Report {
  return {
    title: 'AffectFusion thesis run <sample> & checks',
    createdAt: '2026-11-24T10:15:30Z',
    machine: '2-core x86 VM, Node 20.20.2, tfjs wasm',
    data: [
      {
        experiment: 'ch3-yt8m',
        kind: 'generated',
        description: '2,000 synthetic video-level samples shaped like YouTube-8M (1024-d video, 128-d audio, 20 classes).',
      },
      {
        experiment: 'ch3-recola',
        kind: 'machine',
        description: 'RECOLA eGeMAPS features found on this machine, 9 training and 9 validation speakers.',
        path: '../shared/data/recola',
      },
    ],
    sections: [
      {
        id: 'ch3-yt8m',
        title: 'Chapter 3: fusion on YouTube-8M',
        blocks: [
          { kind: 'text', text: 'Global average precision (GAP, %) on the validation split.\n\nEach model trained for 10 epochs with Adam.' },
          {
            kind: 'table',
            caption: 'Table 3.1 — GAP of each fusion model: this run beside the thesis',
            columns: [
              { key: 'model', label: 'Model' },
              { key: 'thesis', label: 'Thesis GAP (%)', digits: 1 },
              { key: 'run', label: 'This run GAP (%)', digits: 2 },
              { key: 'delta', label: 'Δ (points)', digits: 2 },
            ],
            rows: THESIS_TABLE_3_1.map((r) => ({
              model: r.model,
              thesis: r.thesis,
              run: r.run,
              delta: r.run === null ? null : r.run - r.thesis,
            })),
            note: 'Ensemble was not run: "—" marks a value this run does not have. Splits <train|validate> as in the starter code.',
          },
          {
            kind: 'curves',
            caption: 'Validation GAP per epoch for each fusion model (this run)',
            xLabel: 'Epoch',
            yLabel: 'Validation GAP (%)',
            seriesLabel: 'Model',
            series: [
              { name: 'Early fusion', points: epochs((e) => 81.25 - 12 * Math.exp(-e / 2)) },
              { name: 'Late fusion', points: epochs((e) => 80.96 - 15 * Math.exp(-e / 2.5)) },
              { name: 'Augmented ensemble', points: epochs((e) => 83.349 - 14 * Math.exp(-e / 2.2)) },
            ],
          },
          {
            kind: 'heatmap',
            caption: 'Figure 3.5 (redrawn) — mean context-gating activation per class and feature, audio network',
            xLabel: 'Feature',
            yLabel: 'Class',
            rows: [...CLASSES],
            values: GATE_VALUES,
            colorLabel: 'Mean activation',
            colorDomain: [0, 1],
          },
          {
            kind: 'bars',
            caption: 'Figure 3.5 (redrawn) — attention unit: probability of the late-fusion features s₁₂ per class',
            xLabel: 'Class',
            yLabel: 'p(s₁₂)',
            groupLabel: 'Network',
            yDomain: [0, 1],
            bars: CLASSES.flatMap((label, i) => [
              { label, group: 'audio', value: 0.31 + 0.1 * i },
              { label, group: 'video', value: 0.72 - 0.08 * i },
            ]),
          },
        ],
      },
      {
        id: 'ch2-afew',
        title: 'Chapter 2: temporal importance on AFEW',
        blocks: [
          {
            kind: 'bars',
            caption: 'Figure 2.3(d) (redrawn) — temporal importance p(f|S) of each frame, renormalised to 0–100',
            xLabel: 'Frame',
            yLabel: 'Importance (0–100)',
            bars: Array.from({ length: 12 }, (_, f) => ({ label: String(f), value: Math.round(100 * Math.exp(-((f - 6) ** 2) / 6)) })),
          },
          {
            kind: 'heatmap',
            caption: 'Emotion probability per frame',
            xLabel: 'Frame',
            yLabel: 'Emotion',
            rows: ['anger', 'sadness', 'neutral'],
            values: [
              [0.1, 0.2, 0.6],
              [0.7, 0.6, 0.3],
              [0.2, 0.2, 0.1],
            ],
            colorLabel: 'p(emotion)',
          },
          { kind: 'image', caption: 'Figure 2.3(a) strip drawn by affectfusion explain (a test pattern here)', alt: 'A colour test pattern', png: testPatternPng(96, 48) },
        ],
      },
    ],
  };
}

function epochs(f: (e: number) => number): { x: number; y: number }[] {
  return Array.from({ length: 10 }, (_, i) => ({ x: i + 1, y: Math.round(f(i + 1) * 100) / 100 }));
}

/** A small RGB PNG (a colour ramp), encoded by hand: signature, IHDR, one zlib IDAT, IEND (PNG spec §5, §11). */
export function testPatternPng(width: number, height: number): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // filter byte 0 (none) first
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = Math.round((255 * x) / (width - 1));
      raw[row + 2 + x * 3] = Math.round((255 * y) / (height - 1));
      raw[row + 3 + x * 3] = 160;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
