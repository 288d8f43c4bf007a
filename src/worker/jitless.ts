/**
 * zod's compiled parsers switched off, before zod itself is loaded: zod decides whether to compile an object's parser
 * (with `new Function`) when the schema is made, probing first whether it may, and that probe is a
 * Content-Security-Policy violation, reported (and logged) under a policy without 'unsafe-eval' even though zod
 * catches it. zod reads its configuration from `globalThis.__zod_globalConfig` when it loads, so this module sets it
 * and imports nothing. The page imports it first and the build puts it in zod's own chunk, ahead of zod (vite.config.ts
 * manualChunks); each worker imports it first. Without the compiled parsers the contract's per-parcel parse is slower (docs/security.md has the
 * measurement); the CLI keeps them.
 */
const scope = globalThis as { __zod_globalConfig?: Record<string, unknown> };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };

export {};
