import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// The service's edges, each spec in service/ on its own app and database: health, GOV.UK Frontend's
// files, security headers, ids, odd input, metrics, API keys, members, the audit and personal data.
runSpecsIn(join(__dirname, 'service'));
