import { join } from 'node:path';
import { runSpecsIn } from '../support/spec-folder';

// The network's side of the planner, each spec in network/ with its own app, database and
// Chromium: signing in by an emailed link, the codes, what the public forward look shows, review.
runSpecsIn(join(__dirname, 'network'));
