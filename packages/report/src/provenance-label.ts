import type { DataProvenance } from './report-model.js';

/** What each kind of data is worth, as the report prints it beside the experiment. */
export const PROVENANCE_LABELS: Readonly<Record<DataProvenance['kind'], string>> = {
  user: 'your data',
  machine: 'data on this machine',
  generated: 'generated data — function, not accuracy',
};

/** The label of a provenance kind; "generated" reads "generated data — function, not accuracy". */
export function provenanceLabel(kind: DataProvenance['kind']): string {
  return PROVENANCE_LABELS[kind];
}

/** The sentence printed at the top of a report some of whose experiments ran on generated data. */
export const GENERATED_DATA_WARNING =
  'Some experiments in this report ran on generated data: their numbers show that the code runs end to end, not how accurate the methods are.';
