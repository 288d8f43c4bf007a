import * as z from 'zod';

/**
 * Imported first by the app's workers, before any schema is made: zod compiles its object parsers with
 * `new Function` unless told not to, and its probe for that is a Content-Security-Policy violation, reported (and
 * logged) under a policy without 'unsafe-eval' even though zod catches it. Without the compiled parsers the
 * contract's per-parcel parse is slower (docs/security.md has the measurement); the CLI keeps them.
 */
z.config({ jitless: true });
