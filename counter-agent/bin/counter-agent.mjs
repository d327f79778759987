#!/usr/bin/env -S node --max-semi-space-size=2
// A small young generation (2 MB semi-spaces): the hub and agent allocate little that lives, and V8 would
// otherwise grow it to 32 MB under load (docs/performance.md, finding 4). Run these files directly, not with `node FILE`.
// Runs the TypeScript sources through tsx's loader, so there is no build step between a change and a run.
import { register } from 'tsx/esm/api';
register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
