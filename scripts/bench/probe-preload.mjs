// Loaded into the hub with NODE_OPTIONS="--import <this file>" by `bench:ratings --cpu-prof DIR` or `--mem-report DIR`
// (node refuses --cpu-prof in NODE_OPTIONS, and the test helper that starts the hub takes no node flags). Nothing
// here changes what the hub does; it only watches.
//   BENCH_CPU_PROF_DIR: profile the whole process with the inspector; write DIR/hub-<pid>.cpuprofile at exit.
//   BENCH_MEM_REPORT_DIR: sample process.memoryUsage() and the V8 heap spaces every 100 ms; write the samples at
//   their highest RSS, and the last one, to DIR/hub-<pid>.mem.json at exit.
import inspector from 'node:inspector';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';

const profDir = process.env.BENCH_CPU_PROF_DIR;
if (profDir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // an in-thread session answers synchronously, so this works inside 'exit'
    session.post('Profiler.stop', (err, res) => {
      if (!err) fs.writeFileSync(path.join(profDir, `hub-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}

const memDir = process.env.BENCH_MEM_REPORT_DIR;
if (memDir) {
  const mb = (n) => Math.round((n / 2 ** 20) * 10) / 10;
  const sample = () => {
    const m = process.memoryUsage();
    return {
      at: Date.now(),
      rss: mb(m.rss),
      heapTotal: mb(m.heapTotal),
      heapUsed: mb(m.heapUsed),
      external: mb(m.external),
      arrayBuffers: mb(m.arrayBuffers),
      spaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: mb(s.space_size), used: mb(s.space_used_size) }])),
    };
  };
  let peak = sample();
  let last = peak;
  const t = setInterval(() => {
    last = sample();
    if (last.rss > peak.rss) peak = last;
  }, 100);
  t.unref();
  process.on('exit', () => {
    fs.writeFileSync(path.join(memDir, `hub-${process.pid}.mem.json`), JSON.stringify({ peak, last, resourceUsage: process.resourceUsage() }, null, 2));
  });
}
