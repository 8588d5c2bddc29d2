import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectData } from '../src/select-data.js';
import { PROFILES } from '../src/thesis-profile.js';

const dir = mkdtempSync(path.join(tmpdir(), 'thesis-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function touch(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
}

// A machine folder like ../shared: YouTube-8M shards and FSDD, no RECOLA, no AFEW.
const shared = path.join(dir, 'shared');
touch(path.join(shared, 'data/yt8m-video-level/validate0000.tfrecord'));
touch(path.join(shared, 'data/fsdd/3_george_0.wav'));
// The user's own folders.
const user = path.join(dir, 'user');
touch(path.join(user, 'yt8m/train0000.tfrecord'));
touch(path.join(user, 'recola/ratings_gold_standard/arousal/train_1.arff'));
touch(path.join(user, 'afew/Train/Happy/a.avi'));
touch(path.join(user, 'afew/Val/Sad/b.avi'));
touch(path.join(user, 'empty/readme.txt'));
const generated = path.join(dir, 'out/data');
const profile = PROFILES.default;

describe('selectData', () => {
  it("takes the user's folder first, then the machine's, then generated data", () => {
    const flags = { yt8m: path.join(user, 'yt8m'), recola: path.join(user, 'recola'), afew: path.join(user, 'afew') };
    expect(selectData('ch3-yt8m', flags, { shared, generated }, profile)).toMatchObject({ kind: 'user', path: path.join(user, 'yt8m'), reason: 'your data (--yt8m)' });
    expect(selectData('ch3-recola', flags, { shared, generated }, profile)).toMatchObject({ kind: 'user', path: path.join(user, 'recola') });
    expect(selectData('ch2', flags, { shared, generated }, profile)).toMatchObject({ kind: 'user', path: path.join(user, 'afew') });
    // No --fsdd: the machine's spoken digits.
    expect(selectData('av-mnist', flags, { shared, generated }, profile)).toMatchObject({ kind: 'machine', path: path.join(shared, 'data/fsdd') });
    expect(selectData('ch3-yt8m', {}, { shared, generated }, profile)).toMatchObject({ kind: 'machine', path: path.join(shared, 'data/yt8m-video-level') });
    // Nothing on the machine for RECOLA and AFEW: generated, in a folder named after the profile's sizes.
    expect(selectData('ch3-recola', {}, { shared, generated }, profile)).toMatchObject({ kind: 'generated', path: path.join(generated, 'synthetic-avec2016-3x1500') });
    expect(selectData('ch2', {}, { shared, generated }, profile)).toMatchObject({ kind: 'generated', path: path.join(generated, 'synthetic-afew-2s5fps') });
  });

  it('generates everything without a machine folder (a fresh clone), sized by the profile', () => {
    const none = { shared: null, generated };
    expect(selectData('ch3-yt8m', {}, none, PROFILES.smoke)).toMatchObject({ kind: 'generated', path: path.join(generated, 'synthetic-yt8m-3x40-12') });
    expect(selectData('av-mnist', {}, none, PROFILES.default)).toMatchObject({ kind: 'generated', path: path.join(generated, 'synthetic-fsdd-4x20') });
    expect(selectData('ch3-yt8m', {}, { shared: path.join(dir, 'absent'), generated }, profile).kind).toBe('generated');
    // A machine folder that does not hold the data is passed over.
    expect(selectData('ch3-yt8m', {}, { shared: user, generated }, profile).kind).toBe('generated');
  });

  it("refuses a user's folder that is missing or holds no such data, naming the flag and what it must hold", () => {
    const locations = { shared, generated };
    expect(() => selectData('ch3-yt8m', { yt8m: path.join(user, 'absent') }, locations, profile)).toThrow(/--yt8m .*absent is not a folder[\s\S]*YouTube-8M v2 video-level shards/);
    expect(() => selectData('ch3-yt8m', { yt8m: path.join(user, 'empty') }, locations, profile)).toThrow(/holds no \.tfrecord shards/);
    expect(() => selectData('av-mnist', { fsdd: path.join(user, 'empty') }, locations, profile)).toThrow(/--fsdd .*holds no \{digit\}_\{speaker\}_\{index\}\.wav/);
    expect(() => selectData('ch3-recola', { recola: path.join(user, 'afew') }, locations, profile)).toThrow(/ratings_gold_standard\/arousal/);
    expect(() => selectData('ch2', { afew: path.join(user, 'recola') }, locations, profile)).toThrow(/Train\/ and Val\//);
  });
});
