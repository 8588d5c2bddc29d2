/** Where in a `Report` a problem was found: the section and block, when the problem is inside one. */
export interface ReportModelLocation {
  /** The section's id, as given in the model. */
  readonly sectionId?: string;
  /** The section's index in `report.sections` (0-based). */
  readonly sectionIndex?: number;
  /** The block's index in the section's `blocks` (0-based). */
  readonly blockIndex?: number;
  /** The block's kind, e.g. "heatmap". */
  readonly blockKind?: string;
}

/**
 * A `Report` that cannot be drawn faithfully: the message names the section and block (by id, index,
 * kind and caption), what is wrong and how to fix it, e.g.
 * `section "ch3-yt8m" (#0), block #2 (heatmap "Figure 3.5 …"): 4 row labels but 3 rows of values; give one label per row of values`.
 */
export class ReportModelError extends Error {
  readonly location: ReportModelLocation;

  constructor(message: string, location: ReportModelLocation = {}) {
    super(message);
    this.name = 'ReportModelError';
    this.location = location;
  }
}
