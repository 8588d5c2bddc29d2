/** The experiments `affectfusion thesis` runs, in the order the report shows them. */
export const EXPERIMENT_IDS = ['ch2', 'ch3-yt8m', 'ch3-recola', 'av-mnist'] as const;

export type ExperimentId = (typeof EXPERIMENT_IDS)[number];

/** Each experiment's title in the report and in progress lines. */
export const EXPERIMENT_TITLES: Readonly<Record<ExperimentId, string>> = {
  ch2: 'Chapter 2 — spatial attention and temporal softmax pooling (Tables 2.1, 2.2; Figure 2.3)',
  'ch3-yt8m': 'Chapter 3 — fusion on YouTube-8M (Table 3.1; Figure 3.5)',
  'ch3-recola': 'Chapter 3 — arousal on RECOLA (Table 3.2)',
  'av-mnist': 'AV-MNIST — the Table 3.1 rows on spoken digits × MNIST, with each modality removed',
};

/** Whether a word names an experiment. */
export function isExperimentId(word: string): word is ExperimentId {
  return (EXPERIMENT_IDS as readonly string[]).includes(word);
}
