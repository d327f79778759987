// Makes a release: the programs with the kiosk UI, the agent's and the hub's bundles built and only the production dependencies
// (of hub, counter-agent and shared), so a counter PC or a Raspberry Pi installs it without a compiler or the
// internet. `node scripts/pack.mjs` writes dist/onestop-VERSION-linux-ARCH.tar.gz (native modules are built for
// this machine's architecture: pack on an arm64 machine for a Raspberry Pi) and prints its path on the last line.
// `node scripts/pack.mjs --stage DIR` only lays the release tree out in DIR (scripts/install/ uses it from a checkout);
// `--out DIR` writes the tarball into DIR instead of dist/. RELEASE names the architecture and Node.js ABI the native
// modules were built for, and the installers refuse a release made for another (scripts/install/lib.sh).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

/** The top-level files and folders a release carries (tests, firmware sources and dev configs stay behind). */
const PROGRAM = ['package.json', 'package-lock.json', 'README.md', 'docs', 'shared', 'hub', 'counter-agent/package.json', 'counter-agent/bin', 'counter-agent/src', 'counter-agent/dist', 'kiosk-ui/package.json', 'kiosk-ui/dist', 'scripts/install'];

/** Paths under node_modules that hub, counter-agent and shared need at run time, as npm resolved them. */
function productionModules() {
  let out;
  try {
    out = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable', '-w', 'hub', '-w', 'counter-agent', '-w', 'shared'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // npm ls exits 1 on an extraneous package but still lists the tree
    out = e.stdout ?? '';
  }
  const mods = out.split('\n').filter((p) => p.includes(`${path.sep}node_modules${path.sep}`)).map((p) => path.relative(root, p));
  // the workspaces' own links (node_modules/@onestop/*), so `import '@onestop/shared'` resolves
  for (const ws of ['shared', 'hub', 'counter-agent']) mods.push(path.join('node_modules', '@onestop', ws));
  if (mods.length < 20) throw new Error('npm ls listed too few production modules; run npm install first');
  return [...new Set(mods)].sort();
}

function copy(rel, dest) {
  const from = path.join(root, rel);
  if (!fs.existsSync(from)) throw new Error(`missing ${rel} (is the UI built? run node scripts/ensure-ui-built.mjs)`);
  fs.cpSync(from, path.join(dest, rel), {
    recursive: true,
    verbatimSymlinks: true,
    preserveTimestamps: true,
    // unit tests are not part of the program
    filter: (src) => !/\.test\.ts$/.test(src) && !src.includes(`${path.sep}node_modules${path.sep}.cache`),
  });
}

export function stage(dest) {
  execFileSync(process.execPath, [path.join(root, 'scripts/ensure-ui-built.mjs')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'scripts/ensure-agent-built.mjs')], { cwd: root, stdio: 'inherit' });
  // the hub runs its bundle on the board (docs/decisions/0102); the bundle is copied with hub/ below
  execFileSync(process.execPath, [path.join(root, 'scripts/ensure-hub-built.mjs')], { cwd: root, stdio: 'inherit' });
  fs.mkdirSync(dest, { recursive: true });
  for (const rel of PROGRAM) copy(rel, dest);
  // nested module folders are copied with their parent; copying them again is harmless but slow
  const mods = productionModules();
  const tops = mods.filter((m) => !mods.some((o) => o !== m && m.startsWith(o + path.sep)));
  for (const rel of tops) copy(rel, dest);
  // the installers recognise a release tree by this file
  fs.writeFileSync(path.join(dest, 'RELEASE'), `onestop ${version} ${process.platform}-${process.arch} node-abi ${process.versions.modules}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--stage') {
  if (!args[1]) throw new Error('--stage needs a folder');
  stage(path.resolve(args[1]));
} else {
  const out = args[0] === '--out' ? path.resolve(args[1] ?? '') : path.join(root, 'dist');
  if (args[0] === '--out' && !args[1]) throw new Error('--out needs a folder');
  const name = `onestop-${version}-linux-${process.arch}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onestop-pack-'));
  try {
    stage(path.join(tmp, name));
    fs.mkdirSync(out, { recursive: true });
    const tarball = path.join(out, `${name}.tar.gz`);
    execFileSync('tar', ['-czf', tarball, '--owner=0', '--group=0', '-C', tmp, name], { stdio: 'inherit' });
    console.log(tarball);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
