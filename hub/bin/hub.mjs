#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=256
// 4 MB semi-spaces: under 50 devices the hub allocates ~15 KB per rating, nearly all of it socket.io's packets and
// acks that die within milliseconds; with 1 MB semi-spaces a scavenge came every few ms and promoted what was merely
// in flight, which filled the old space and brought a mark-compact pause every half second (the 50-device ack p99
// 2.5x bare's); with 4 MB few of them survive (1.6–2.3x, decision 0104). The young generation grown while the hub loads is given back
// by V8's memory reducer ~8 s after start (decision 0103). A 256 MB old-space limit: with it V8 grows the old space
// by ~1.3x its live size instead of up to 4x (live size after load: ~24 MB; an XLSX export stays under 60;
// docs/decisions/0102). Flags here win over NODE_OPTIONS. Run this file directly, not with `node FILE`.
// Runs the bundle (hub/dist/cli.mjs, made by scripts/ensure-hub-built.mjs at npm start/test and by npm run pack) when
// it is current, with plain node: no loader thread, tens of MB less on a small board (docs/decisions/0102). Otherwise,
// as right after editing a source, it runs the TypeScript sources through tsx's loader, so a change never runs stale code.
import { hubBundleStale, HUB_BUNDLE } from './bundle.mjs';

const fromBundle = process.env.HUB_FROM_SOURCES !== '1' && !hubBundleStale();
if (process.argv[2] === '--runtime') {
  // diagnostics: which code this bin would run (tests/hub-bundle.test.ts)
  console.log(fromBundle ? 'bundle' : 'sources');
  process.exit(0);
}
let runCli;
if (fromBundle) {
  if (process.env.DEBUG) console.error('DEBUG is set, but the bundle carries no debug output (hub/bundle/debug-off.cjs): run with HUB_FROM_SOURCES=1');
  ({ runCli } = await import(HUB_BUNDLE));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli.ts'));
}
process.exitCode = await runCli(process.argv.slice(2));
