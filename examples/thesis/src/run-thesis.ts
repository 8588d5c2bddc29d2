import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { trainingProgress, type RunEvent } from '@affectfusion/core';
import { writeReport, type DataProvenance, type Report, type ReportBlock, type ReportSection, type WrittenReport } from '@affectfusion/report';
import { runAfewExperiment } from './experiments/afew-experiment.js';
import { runAvMnistExperiment } from './experiments/av-mnist-experiment.js';
import { runRecolaExperiment } from './experiments/recola-experiment.js';
import { ExperimentSkipped, type ExperimentOutcome, type ExperimentRunner } from './experiments/thesis-experiment.js';
import { runYt8mExperiment } from './experiments/yt8m-experiment.js';
import { DEFAULT_SHARED_DIR } from './repository-paths.js';
import { selectData, type DataSelection } from './select-data.js';
import type { ThesisArguments } from './thesis-arguments.js';
import { EXPERIMENT_TITLES, type ExperimentId } from './thesis-experiments.js';
import { PROFILES } from './thesis-profile.js';

/** The runner of each experiment. */
export const EXPERIMENT_RUNNERS: Readonly<Record<ExperimentId, ExperimentRunner>> = {
  ch2: runAfewExperiment,
  'ch3-yt8m': runYt8mExperiment,
  'ch3-recola': runRecolaExperiment,
  'av-mnist': runAvMnistExperiment,
};

export interface RunThesisOptions extends ThesisArguments {
  /** Progress lines (default: stderr). */
  readonly log?: (line: string) => void;
  /** Training progress of one model, labelled `<experiment>/<model>` (default: core's progress on stderr). */
  readonly progress?: (label: string) => (event: RunEvent) => void;
  /** Other runners for some experiments (tests). */
  readonly runners?: Partial<Record<ExperimentId, ExperimentRunner>>;
  /** The command as typed, for the report. */
  readonly command?: string;
}

/** How one experiment went. */
export interface ExperimentStatus {
  readonly id: ExperimentId;
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly seconds: number;
  readonly data: DataSelection;
  /** Where its run folders are. */
  readonly out: string;
  /** The error (failed) or the reason and what to do (skipped). */
  readonly message?: string;
}

export interface ThesisRunResult {
  readonly report: Report;
  readonly written: WrittenReport;
  readonly experiments: readonly ExperimentStatus[];
  readonly seconds: number;
  /** 0 when no experiment failed (skipped ones do not count), else 1. */
  readonly exitCode: 0 | 1;
}

/** The file beside the report that records the run: profile, data, statuses, times. */
export const THESIS_RUN_FILE = 'thesis-run.json';

/**
 * Runs the chosen experiments one after another on the best data at hand, each into
 * `<out>/<experiment>/`, and writes `<out>/report.html` and `<out>/report.md`. Data is chosen (and a
 * bad `--yt8m` … folder refused) before anything runs. An experiment that throws is reported as
 * failed, with its error, and the others still run; the report is written either way.
 */
export async function runThesis(options: RunThesisOptions): Promise<ThesisRunResult> {
  const started = performance.now();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const progress = options.progress ?? trainingProgress;
  const out = path.resolve(options.out);
  const profile = PROFILES[options.profile];
  const shared = options.shared === null ? null : path.resolve(options.shared ?? DEFAULT_SHARED_DIR);
  const locations = { shared, generated: path.join(out, 'data') };
  // Every choice first: a wrong folder stops the command before an hour of training, not after.
  const selections = options.experiments.map((id) => selectData(id, options.data, locations, profile));
  await mkdir(out, { recursive: true });
  log(`thesis: profile ${profile.name} — ${profile.summary}`);
  for (const s of selections) log(`thesis: ${s.experiment}: ${s.reason} — ${s.path}`);

  const statuses: ExperimentStatus[] = [];
  const outcomes = new Map<ExperimentId, ExperimentOutcome>();
  for (const [i, data] of selections.entries()) {
    const id = data.experiment;
    const experimentOut = path.join(out, id);
    log(`\nthesis: [${i + 1}/${selections.length}] ${EXPERIMENT_TITLES[id]}\nthesis: ${id}: ${data.reason} — ${data.path}`);
    const experimentStarted = performance.now();
    const runner = options.runners?.[id] ?? EXPERIMENT_RUNNERS[id];
    const seconds = () => (performance.now() - experimentStarted) / 1000;
    try {
      const outcome = await runner({
        profile,
        data,
        out: experimentOut,
        force: options.force,
        vggFace: options.vggFace && path.resolve(options.vggFace),
        log: (line) => log(`${id}: ${line}`),
        onEvent: (row) => progress(`${id}/${row}`),
      });
      outcomes.set(id, outcome);
      statuses.push({ id, status: 'ok', seconds: seconds(), data, out: experimentOut });
      log(`thesis: ${id}: done in ${seconds().toFixed(0)} s`);
    } catch (error) {
      const skipped = error instanceof ExperimentSkipped;
      const message = error instanceof Error ? error.message : String(error);
      statuses.push({ id, status: skipped ? 'skipped' : 'failed', seconds: seconds(), data, out: experimentOut, message });
      log(`thesis: ${id}: ${skipped ? 'SKIPPED' : 'FAILED'} after ${seconds().toFixed(0)} s: ${message}`);
      if (!skipped && error instanceof Error && error.stack && process.env.AFFECTFUSION_DEBUG) log(error.stack);
    }
  }

  const totalSeconds = (performance.now() - started) / 1000;
  const report = thesisReport({ statuses, outcomes, profileSummary: profile.summary, command: options.command, totalSeconds });
  await writeFile(
    path.join(out, THESIS_RUN_FILE),
    `${JSON.stringify({ profile: profile.name, createdAt: report.createdAt, machine: report.machine, seconds: totalSeconds, experiments: statuses }, null, 2)}\n`,
  );
  const written = await writeReport(report, out);
  const exitCode = statuses.some((s) => s.status === 'failed') ? 1 : 0;
  log(`\nthesis: ${statuses.map((s) => `${s.id} ${s.status} (${s.seconds.toFixed(0)} s)`).join(', ')}; total ${totalSeconds.toFixed(0)} s`);
  return { report, written, experiments: statuses, seconds: totalSeconds, exitCode };
}

/** The report: a summary of the run, then one section per experiment (its results, or why there are none). */
export function thesisReport(input: {
  readonly statuses: readonly ExperimentStatus[];
  readonly outcomes: ReadonlyMap<ExperimentId, ExperimentOutcome>;
  readonly profileSummary: string;
  readonly command?: string;
  readonly totalSeconds: number;
}): Report {
  const { statuses, outcomes } = input;
  const backend = [...outcomes.values()].find((o) => o.backend)?.backend;
  const cpus = os.cpus();
  const machine =
    `${cpus[0]?.model?.trim() ?? 'unknown CPU'} × ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.versions.node}${backend ? `, tfjs ${backend}` : ''}`;
  const data: DataProvenance[] = statuses.map(
    (s) => outcomes.get(s.id)?.provenance ?? { experiment: s.id, kind: s.data.kind, description: `${capitalise(s.data.reason)}; the experiment ${s.status === 'skipped' ? 'was skipped' : 'failed'} before describing it.`, path: s.data.path },
  );
  const summary: ReportSection = {
    id: 'run',
    title: 'This run',
    blocks: [
      {
        kind: 'text',
        text:
          `${input.profileSummary} Wall time ${input.totalSeconds.toFixed(0)} s for everything (data preparation, training, evaluation, figures).` +
          (input.command ? ` Command: ${input.command}` : ''),
      },
      {
        kind: 'table',
        caption: 'Experiments of this run',
        columns: [
          { key: 'experiment', label: 'Experiment' },
          { key: 'status', label: 'Status' },
          { key: 'data', label: 'Data' },
          { key: 'seconds', label: 'Wall time s', digits: 0 },
          { key: 'out', label: 'Run folders' },
        ],
        rows: statuses.map((s) => ({ experiment: s.id, status: s.status, data: s.data.kind === 'user' ? 'yours' : s.data.kind === 'machine' ? 'this machine' : 'generated', seconds: s.seconds, out: s.out })),
        note: 'Each run folder holds run.json (the pipeline as trained), model.afck (the weights of the best epoch) and metrics.json (per-epoch history and the best metrics); every number in the tables below is read from those files.',
      },
    ],
  };
  const sections: ReportSection[] = [summary];
  for (const s of statuses) {
    const outcome = outcomes.get(s.id);
    const blocks: ReportBlock[] = outcome
      ? [...outcome.blocks]
      : [
          {
            kind: 'text',
            text:
              s.status === 'skipped'
                ? `Skipped: ${s.message}`
                : `This experiment FAILED after ${s.seconds.toFixed(0)} s, and has no results in this report. The error: ${s.message}\n\nThe other experiments ran; the command exited with status 1. Run it again with AFFECTFUSION_DEBUG=1 for the stack.`,
          },
        ];
    sections.push({ id: s.id, title: `${EXPERIMENT_TITLES[s.id]}${s.status === 'ok' ? '' : ` — ${s.status.toUpperCase()}`}`, blocks });
  }
  return { title: 'AffectFusion — the thesis’s experiments, run on this machine', createdAt: new Date().toISOString(), machine, data, sections };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
