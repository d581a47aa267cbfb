import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// Registering and its clashes, each spec in registering/ on its own app and database: registering,
// conflicts, clash triage, network review, partnership endings and the reference data.
runSpecsIn(join(__dirname, 'registering'));
