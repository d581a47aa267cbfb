import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// Keeping clashes true, each spec in clashes/ on its own app and database: re-evaluation, the
// refresh queue, concurrent writes, fatigue, a blackout's reach, many areas and the tally.
runSpecsIn(join(__dirname, 'clashes'));
