import { Command } from 'commander';
import { infoCommand } from './cli/info-command.js';
import { evalCommand, predictCommand } from './cli/eval-command.js';
import { explainCommand } from './cli/explain-command.js';
import { extractCommand } from './cli/extract-command.js';
import { trainCommand } from './cli/train-command.js';
import { runCommand } from './cli/run-command.js';
import { thesisCommand } from './cli/thesis-command.js';
import { validateCommand } from './cli/validate-command.js';
import { VERSION } from './version.js';

const program = new Command('affectfusion')
  .description('Multimodal deep learning for audio and video emotion recognition')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('validate')
  .description('check a pipeline file: the core schema, then each plugin option against its plugin')
  .argument('<pipeline>', 'pipeline JSON file')
  .option('--json', 'print the result as JSON')
  .action(runCommand(validateCommand));

program
  .command('info')
  .description('versions, backends (available and chosen) and the plugins a pipeline would load')
  .argument('[pipeline]', 'pipeline JSON file')
  .option('--json', 'print as JSON')
  .action(runCommand(infoCommand));

program
  .command('train')
  .description('train a pipeline into a run folder (resumes an unfinished one)')
  .argument('<pipeline>', 'pipeline JSON file')
  .option('--out <dir>', 'run folder (default: runs/<pipeline name>)')
  .option('--force', 'train again over a finished run')
  .action(runCommand(trainCommand));

program
  .command('eval')
  .description('evaluate a trained run on data files; prints the metrics as JSON')
  .argument('<run>', 'run folder written by `affectfusion train`')
  .option('--data <files...>', 'data files or globs, read as the run\'s dataset type')
  .action(runCommand(evalCommand));

program
  .command('predict')
  .description('write each sample\'s top-k (class, score) pairs as JSON lines')
  .argument('<run>', 'run folder written by `affectfusion train`')
  .option('--data <files...>', 'data files or globs')
  .option('--out <file>', 'output .jsonl file')
  .option('--top <k>', 'classes per sample', '20')
  .action(runCommand(predictCommand));

program
  .command('extract')
  .description('audio features of many files into one .csv (openSMILE layout), .npy or .json file (needs @affectfusion/modality-audio)')
  .argument('<extractor>', 'egemaps or vggish')
  .argument('<files...>', 'audio files (WAV natively; other formats through ffmpeg)')
  .option('--out <file>', 'output file: .csv, .npy or .json')
  .option('--lld', 'egemaps: the 25 LLDs per 10 ms frame instead of the 88 functionals per file')
  .option('--model <onnx>', 'vggish: the VGGish ONNX model (see docs/vggish.md)')
  .option('--pca <params>', 'vggish: PCA parameters (vggish_pca_params.npz, a folder of .npy files, or .json)')
  .option('--postprocess <mode>', "vggish: none, pca or quantized (default: quantized with --pca, else none)")
  .option('--layout <layout>', 'vggish: model input layout auto, nhwc, nchw or nhw', 'auto')
  .option('--provider <provider>', 'vggish: onnxruntime execution provider auto, cuda, webgpu or cpu')
  .action(runCommand(extractCommand));

program
  .command('explain')
  .description('for one clip, a picture like thesis Figure 2.3 (frames, attention per head, per-frame class probabilities, temporal importance) as PNG and HTML (needs @affectfusion/modality-video)')
  .argument('<run>', 'run folder written by `affectfusion train`')
  .argument('<video>', 'the clip: a video file or a folder of frame images')
  .option('--out <dir>', 'output folder (default: <run>/explain)')
  .option('--frames <k>', 'frames shown in the picture', '8')
  .option('--cell <px>', 'side of each frame picture, pixels', '128')
  .option('--modality <name>', 'the modality to explain (default: the one with an extractor)')
  .action(runCommand(explainCommand));

program
  .command('thesis')
  .description("run the thesis's experiments on the best data at hand and write report.html and report.md (the runner ships with the repository; `affectfusion thesis --help` lists experiments and options)")
  .argument('[args...]', 'experiments (ch2, ch3-yt8m, ch3-recola, av-mnist, all) and options, passed to the thesis runner')
  .helpOption(false)
  .allowUnknownOption()
  .allowExcessArguments()
  .action(runCommand((args: string[]) => thesisCommand(args)));

await program.parseAsync();
