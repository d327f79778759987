import type { Logger } from './log.js';

/**
 * SIGTERM / SIGINT stop a server process cleanly: `finish` lets what is in flight complete (ratings committed and
 * acknowledged, summaries stored) and closes the database; after 10 s the process exits anyway.
 */
export function stopOnSignals(log: Logger, finish: () => Promise<void>, graceMs = 10_000): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing what is in flight');
    const force = setTimeout(() => {
      log.error('graceful stop took too long; exiting');
      process.exit(1);
    }, graceMs);
    force.unref();
    await finish();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
