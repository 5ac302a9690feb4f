/**
 * Preloaded into the api and media processes by the soak run (`-r bench/soak/probe.ts`): every
 * SOAK_PROBE_MS it appends one JSON line to SOAK_PROBE_FILE with the process's memory and its
 * count of active libuv resources (sockets, timers, file handles…). When the process was started
 * with --expose-gc, a full collection runs first, so heapUsed is the live heap, not garbage.
 * The timer is unref'd: it never keeps the process alive. Does nothing without SOAK_PROBE_FILE.
 */
import { appendFileSync } from 'node:fs';

const file = process.env.SOAK_PROBE_FILE;
if (file) {
  const every = Number(process.env.SOAK_PROBE_MS ?? 3000);
  const gc = (globalThis as { gc?: () => void }).gc;
  const probe = () => {
    gc?.();
    const memory = process.memoryUsage();
    const line = {
      at: Date.now(),
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      // The probe's own timer is one of them; it is there at every tick, so growth is unaffected.
      handles: process.getActiveResourcesInfo().length,
    };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // the run is over and its directory gone
    }
  };
  setInterval(probe, every).unref();
}
