import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// The database, each spec in database/ on its own database (and app): column types, reach keys,
// the seed, reference rows, prepared statements, the statement timeout, topic words, and the
// digest's start week.
runSpecsIn(join(__dirname, 'database'));
