import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// What the register gives out, each spec in publishing/ on its own app and database: calendar
// feeds, the load calendar, the forward look and its public page, the digest, findings and
// spreadsheets.
runSpecsIn(join(__dirname, 'publishing'));
