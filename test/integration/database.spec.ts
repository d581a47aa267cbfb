import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// The database, each spec in database/ on its own database (and app): column types, reach keys,
// the seed, reference rows, prepared statements, the statement timeout, topic words, the
// digest's start week, and digests composed together.
runSpecsIn(join(__dirname, 'database'));
