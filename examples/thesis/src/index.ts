/**
 * @affectfusion/thesis — `affectfusion thesis`: runs the thesis's experiments (the examples in
 * examples/) on the best data at hand and writes one report with the tables beside the thesis's
 * numbers, the training curves and Figures 2.3 and 3.5. Ships with the repository, not on npm.
 * @packageDocumentation
 */
export * from './thesis-experiments.js';
export * from './thesis-profile.js';
export * from './select-data.js';
export * from './thesis-arguments.js';
export * from './repository-paths.js';
export * from './experiments/thesis-experiment.js';
export * from './experiments/yt8m-experiment.js';
export * from './experiments/yt8m-vocabulary.js';
export * from './experiments/av-mnist-experiment.js';
export * from './experiments/recola-experiment.js';
export * from './experiments/afew-experiment.js';
export * from './report/run-files.js';
export * from './report/training-curves.js';
export * from './report/figure-3-5.js';
export * from './report/figure-2-3.js';
export * from './run-thesis.js';
export * from './thesis-main.js';
