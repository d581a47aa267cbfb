import { InitialSchema1764000000000 } from './1764000000000-initial-schema';

// Listed explicitly (not globbed) so that the same list works from src/ under ts and from dist/.
export const migrations = [InitialSchema1764000000000];
