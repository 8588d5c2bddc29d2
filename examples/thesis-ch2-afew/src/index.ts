/**
 * The thesis's chapter 2 example (Tables 2.1 and 2.2 on AFEW): the nine-row runner with the
 * Figure 2.3 explanation of one clip, the synthetic clip set made from face-api's sample photos,
 * and reuse of finished runs.
 * @packageDocumentation
 */
export * from './make-clips.js';
export * from './afew-tables.js';
