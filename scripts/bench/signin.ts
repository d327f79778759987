/**
 * Sign-in under a flood: `npm run bench:signin` (docs/performance.md, "Sign-in under a flood"; issue 11, finding 2).
 *
 * A hub in this process (the test kit's startTestHub: real SQLite, real HTTP) with the hub's real password hasher
 * (scrypt at N = 2^15, r = 8, p = 3). Two floods, each from one address, each with the admin's right sign-in from
 * another address sent while the flood is in flight:
 *   - "one account": 200 wrong passwords for "admin" at once (the finding as it was reported);
 *   - "many accounts": 120 wrong passwords for 60 names at once (the per-address limit, and the hash lanes).
 * Reports how each flood was answered, how many password checks it cost, and how long the admin's sign-in took
 * (alone first, as the baseline). Prints a table, then one JSON object as the last line.
 */
import os from 'node:os';
import { defaultPasswords, type PasswordHasher } from '../../hub/src/auth/passwords.js';
import { ADMIN_PW, Client, startTestHub, type Answer } from '../../tests/kit/index.js';
import { loadFields } from './quiet.ts';

let checks = 0;
const counted: PasswordHasher = {
  hash: (pw) => defaultPasswords.hash(pw),
  verify: (pw, stored) => {
    checks++;
    return defaultPasswords.verify(pw, stored);
  },
};

const h = await startTestHub({ passwords: counted, prefix: 'bench-signin-' });
const watchdog = setTimeout(() => {
  console.error('bench:signin: watchdog (5 minutes)');
  void h.close().finally(() => process.exit(1));
}, 5 * 60_000);
try {
  await h.hub.services.auth.ensureFirstAdmin(ADMIN_PW);
  const from = (address: string) => new Client(h.url, { 'x-forwarded-for': address });
  const adminSignIn = async () => {
    const t = performance.now();
    const a = await from('10.0.0.9').login('admin', ADMIN_PW);
    if (a.status !== 200) throw new Error(`the admin's sign-in was refused: ${a.status} ${a.body.reason}`);
    return performance.now() - t;
  };
  const tally = (xs: Answer[]) => xs.reduce<Record<number, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {});

  const load0 = os.loadavg()[0]!;
  const alone = [await adminSignIn(), await adminSignIn(), await adminSignIn()].sort((a, b) => a - b)[1]!;

  const runs: { flood: string; answers: Record<number, number>; checks: number; adminMs: number; floodMs: number }[] = [];
  for (const [name, address, attempts] of [
    ['one account', '10.0.0.66', Array.from({ length: 200 }, (_, i) => ['admin', `wrong-${i}`] as const)],
    ['many accounts', '10.0.0.77', Array.from({ length: 120 }, (_, i) => [`user${i % 60}`, `wrong-${i}`] as const)],
  ] as const) {
    checks = 0;
    const attacker = from(address);
    const t = performance.now();
    const flood = Promise.all(attempts.map(([u, p]) => attacker.login(u, p)));
    const adminMs = await adminSignIn();
    const answers = tally(await flood);
    runs.push({ flood: name, answers, checks: checks - 1, adminMs, floodMs: performance.now() - t });
    h.clock.advance(2 * 3600_000); // the next flood starts with every record forgotten
  }

  const load1 = os.loadavg()[0]!;
  console.log(`load average ${load0.toFixed(2)} → ${load1.toFixed(2)}; admin's sign-in alone (median of 3): ${alone.toFixed(0)} ms`);
  console.log('flood          | answers                 | password checks | admin sign-in meanwhile | flood done');
  for (const r of runs) {
    const answers = Object.entries(r.answers).map(([s, n]) => `${n}×${s}`).join(', ');
    console.log(`${r.flood.padEnd(14)} | ${answers.padEnd(23)} | ${String(r.checks).padStart(15)} | ${`${r.adminMs.toFixed(0)} ms`.padStart(23)} | ${r.floodMs.toFixed(0)} ms`);
  }
  console.log(JSON.stringify({ bench: 'signin', loadStart: load0, loadEnd: load1, adminAloneMs: Math.round(alone), runs: runs.map((r) => ({ ...r, adminMs: Math.round(r.adminMs), floodMs: Math.round(r.floodMs) })), ...loadFields() }));
} finally {
  clearTimeout(watchdog);
  await h.close();
}
