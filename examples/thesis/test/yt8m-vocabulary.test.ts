import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvFields, readYt8mVocabulary } from '../src/experiments/yt8m-vocabulary.js';

const dir = mkdtempSync(path.join(tmpdir(), 'thesis-vocabulary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("YouTube-8M's vocabulary.csv", () => {
  it('splits RFC 4180 lines: quoted commas and doubled quotes', () => {
    expect(csvFields('3,12,/m/01,"Concert, live","say ""hi""",')).toEqual(['3', '12', '/m/01', 'Concert, live', 'say "hi"', '']);
  });

  it('names classes by the Index and Name columns, from the shards folder or its parent, and is empty without the file', () => {
    const shards = path.join(dir, 'video');
    mkdirSync(shards);
    expect(readYt8mVocabulary(shards).size).toBe(0);
    writeFileSync(path.join(dir, 'vocabulary.csv'), 'Index,TrainVideoCount,KnowledgeGraphId,Name,WikiUrl\n0,378135,/m/03bt1gh,Game,https://x\n10,1,/m/0x,"String instrument, bowed",\n\n');
    expect([...readYt8mVocabulary(shards)]).toEqual([
      [0, 'Game'],
      [10, 'String instrument, bowed'],
    ]);
  });
});
