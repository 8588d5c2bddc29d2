import { AffectFusionError } from '@affectfusion/core';
import { runThesis, type RunThesisOptions } from './run-thesis.js';
import { THESIS_HELP, parseThesisArguments } from './thesis-arguments.js';

/**
 * `affectfusion thesis …` (and `affectfusion-thesis …`): parses the words after the command, runs the
 * experiments, writes the report, and prints the path of report.html as the last line on stdout
 * (progress goes to stderr). Returns the exit status: 0, 1 when an experiment failed (the report is
 * written all the same), 2 for a usage error.
 */
export async function thesisMain(argv: readonly string[], overrides: Partial<RunThesisOptions> = {}): Promise<number> {
  let args;
  try {
    args = parseThesisArguments(argv);
  } catch (error) {
    process.stderr.write(`affectfusion ${(error as Error).message}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(THESIS_HELP);
    return 0;
  }
  try {
    const result = await runThesis({ ...args, command: `affectfusion thesis ${argv.join(' ')}`.trim(), ...overrides });
    process.stdout.write(`${result.written.html}\n`);
    return result.exitCode;
  } catch (error) {
    // Only what stops the whole run lands here (a bad data folder, a report that cannot be drawn).
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`affectfusion thesis: ${message}\n`);
    if (!(error instanceof AffectFusionError) && process.env.AFFECTFUSION_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return error instanceof AffectFusionError ? 2 : 1;
  }
}
