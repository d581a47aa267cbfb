import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// The service's defences, each spec in defences/ on its own app and database: anonymous floods,
// the heavy lane, query abuse, and signing in (sessions, emailed links, other sites refused).
runSpecsIn(join(__dirname, 'defences'));
