import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// Planning in the planner, each spec in planning/ with its own app, database and Chromium:
// character counts and pages, a clear window, good-practice advice, protected windows.
runSpecsIn(join(__dirname, 'planning'));
