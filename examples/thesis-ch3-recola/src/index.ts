/**
 * The thesis's Table 3.2 example (RECOLA arousal): the synthetic RECOLA-layout data maker, the
 * table runner with the post-processing chain, and reuse of finished runs.
 * @packageDocumentation
 */
export * from './synthetic-recola.js';
export * from './recola-table.js';
