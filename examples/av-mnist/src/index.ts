/**
 * The AV-MNIST example: speaker-independent splits of a spoken-digit folder, evaluation with a
 * modality removed, the seven-row table, and a synthetic spoken-digit folder for machines without FSDD.
 * @packageDocumentation
 */
export * from './fsdd-speaker-splits.js';
export * from './missing-modality-evaluation.js';
export * from './av-mnist-table.js';
export * from './synthetic-spoken-digits.js';
