#!/usr/bin/env node
// `affectfusion-thesis [experiment…] [options]`, the same as `affectfusion thesis …`: runs the thesis's
// experiments and writes report.html and report.md. Runs on the built package (`pnpm build`).
import { thesisMain } from '../dist/index.js';

process.exitCode = await thesisMain(process.argv.slice(2));
