import { describe, expect, it } from 'vitest';
import { THESIS_HELP, parseThesisArguments } from '../src/thesis-arguments.js';
import { EXPERIMENT_IDS } from '../src/thesis-experiments.js';
import { PROFILE_NAMES } from '../src/thesis-profile.js';

describe('parseThesisArguments', () => {
  it('runs everything on the default profile into runs/thesis when given nothing', () => {
    expect(parseThesisArguments([])).toEqual({
      experiments: ['ch2', 'ch3-yt8m', 'ch3-recola', 'av-mnist'],
      profile: 'default',
      out: 'runs/thesis',
      force: false,
      data: { yt8m: undefined, afew: undefined, recola: undefined, fsdd: undefined },
      vggFace: undefined,
      shared: undefined,
    });
  });

  it('takes experiments in report order, data folders, profile, out, force and --no-shared', () => {
    const a = parseThesisArguments(['av-mnist', 'ch3-yt8m', '--yt8m', '/d/yt8m', '--fsdd=/d/fsdd', '--profile', 'full', '--out', 'x', '--force', '--no-shared', '--vgg-face', 'v.onnx']);
    expect(a).toMatchObject({ experiments: ['ch3-yt8m', 'av-mnist'], profile: 'full', out: 'x', force: true, data: { yt8m: '/d/yt8m', fsdd: '/d/fsdd' }, vggFace: 'v.onnx', shared: null });
    expect(parseThesisArguments(['all', 'ch2'])).toMatchObject({ experiments: [...EXPERIMENT_IDS] });
    expect(parseThesisArguments(['--shared', '/m'])).toMatchObject({ shared: '/m' });
  });

  it('answers --help and -h, and refuses unknown words with what is accepted', () => {
    expect(parseThesisArguments(['--help'])).toBe('help');
    expect(parseThesisArguments(['ch2', '-h'])).toBe('help');
    expect(() => parseThesisArguments(['ch4'])).toThrow(/unknown experiment "ch4"[\s\S]*ch2, ch3-yt8m, ch3-recola, av-mnist, all/);
    expect(() => parseThesisArguments(['--profile', 'huge'])).toThrow(/unknown profile "huge"[\s\S]*smoke, default, full/);
    expect(() => parseThesisArguments(['--yt8'])).toThrow(/--yt8[\s\S]*--help/);
    expect(() => parseThesisArguments(['--shared', '/m', '--no-shared'])).toThrow(/contradict/);
  });

  it('documents every experiment, profile and data flag in --help', () => {
    for (const word of [...EXPERIMENT_IDS, ...PROFILE_NAMES, '--yt8m', '--afew', '--vgg-face', '--recola', '--fsdd', '--shared', '--no-shared', '--out', '--force']) {
      expect(THESIS_HELP).toContain(word);
    }
  });
});
