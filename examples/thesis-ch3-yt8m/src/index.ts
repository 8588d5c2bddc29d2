/**
 * The thesis's Table 3.1 example (YouTube-8M video-level): the seven-row runner, the shard split, a
 * synthetic YouTube-8M-shaped set for machines without the real shards, and reuse of finished runs.
 * @packageDocumentation
 */
export * from './yt8m-shard-split.js';
export * from './synthetic-yt8m.js';
export * from './yt8m-table.js';
