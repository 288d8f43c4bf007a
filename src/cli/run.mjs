#!/usr/bin/env node
// `npm run audit`: runs the audit CLI from its bundle (bundle.mjs), building the bundle first when a source is newer.
// (Source maps are written but not enabled here: loading them cost some 0.1 s a run in ad-hoc runs, and the CLI prints messages, not
// stacks. `node --enable-source-maps src/cli/run.mjs …` turns them on.)
import { pathToFileURL } from 'node:url';
import { ensureBundle } from './bundle.mjs';

await import(pathToFileURL(await ensureBundle()).href);
