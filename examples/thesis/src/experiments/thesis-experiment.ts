import type { RunEvent } from '@affectfusion/core';
import type { DataProvenance, ReportBlock } from '@affectfusion/report';
import type { DataSelection } from '../select-data.js';
import type { ThesisProfile } from '../thesis-profile.js';

/** What an experiment runs with. */
export interface ExperimentContext {
  readonly profile: ThesisProfile;
  readonly data: DataSelection;
  /** The experiment's folder: one run folder per model under it. */
  readonly out: string;
  readonly force: boolean;
  /** The VGG-Face conv5_3 ONNX file (chapter 2), where the user gave one. */
  readonly vggFace?: string;
  /** A progress line (stderr). */
  readonly log: (line: string) => void;
  /** Training progress of one model. */
  readonly onEvent: (row: string) => (event: RunEvent) => void;
}

/** What an experiment gives the report: its section's blocks and where its data came from. */
export interface ExperimentOutcome {
  readonly blocks: readonly ReportBlock[];
  readonly provenance: DataProvenance;
  /** The tfjs backend its models trained on. */
  readonly backend?: string;
}

/** Runs one experiment (training what is not trained yet) and turns its run folders into a report section. */
export type ExperimentRunner = (context: ExperimentContext) => Promise<ExperimentOutcome>;

/**
 * An experiment that cannot run on this machine for a reason outside the project (a missing system
 * tool): reported as skipped, with how to make it run, and not counted as a failure.
 */
export class ExperimentSkipped extends Error {
  constructor(
    readonly reason: string,
    readonly hint: string,
  ) {
    super(`${reason} — ${hint}`);
    this.name = 'ExperimentSkipped';
  }
}

/** A count with thousands separators, for sentences. */
export const count = (n: number | undefined): string => (n === undefined ? '?' : n.toLocaleString('en-US'));

/** `1 shard`, `3 shards`. */
export const plural = (n: number, word: string): string => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** The sentence every section on generated data carries. */
export const GENERATED_NOTE = 'Generated data: these numbers show that the code runs end to end, not how accurate the methods are.';
