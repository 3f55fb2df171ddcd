import { InitialSchema1764057600000 } from './1764057600000-initial-schema';

/** In order; a migration once released is never edited, only followed by a new one. */
export const MIGRATIONS = [InitialSchema1764057600000];
