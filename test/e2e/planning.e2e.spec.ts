import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// Planning, each spec in planning/ on its own app and database: the list of clashes, the listing,
// good practice, joint fatigue, partner opportunities, protected windows and an import's dry run.
runSpecsIn(join(__dirname, 'planning'));
