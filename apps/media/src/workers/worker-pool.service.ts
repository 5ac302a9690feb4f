import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@yunzhao/config';
import type { types as ms } from 'mediasoup';
import { EventEmitter } from 'node:events';
import { loadMediasoup } from './mediasoup.loader';

export interface WorkerStatus {
  slot: number;
  pid: number;
  routers: number;
  usage: { cpuUserMs: number; cpuSystemMs: number; maxRssKb: number } | null;
}

interface Slot {
  worker: ms.Worker;
  routers: number;
}

/**
 * One mediasoup worker per slot (one per core by default). Each slot owns a
 * slice of the RTC port range so workers never compete for a port. A worker
 * that dies is replaced in its slot at once; `replaced` tells rooms to rebuild.
 */
@Injectable()
export class WorkerPool implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WorkerPool.name);
  private readonly slots: (Slot | undefined)[] = [];
  private mediasoup!: ReturnType<typeof loadMediasoup>;
  private closing = false;
  readonly events = new EventEmitter();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.mediasoup = loadMediasoup(this.config.media.workerBin);
    for (let slot = 0; slot < this.config.media.workers; slot++) await this.start(slot);
    this.logger.log(
      `${this.config.media.workers} mediasoup worker(s) running (mediasoup ${this.mediasoup.version})`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    for (const slot of this.slots) slot?.worker.close();
  }

  private portRange(slot: number): { rtcMinPort: number; rtcMaxPort: number } {
    const { rtcMinPort, rtcMaxPort, workers } = this.config.media;
    const size = Math.floor((rtcMaxPort - rtcMinPort + 1) / workers);
    return { rtcMinPort: rtcMinPort + slot * size, rtcMaxPort: rtcMinPort + (slot + 1) * size - 1 };
  }

  private async start(slot: number): Promise<ms.Worker> {
    const worker = await this.mediasoup.createWorker({ logLevel: 'warn', ...this.portRange(slot) });
    const entry: Slot = { worker, routers: 0 };
    this.slots[slot] = entry;
    worker.observer.on('newrouter', (router: ms.Router) => {
      entry.routers++;
      router.observer.once('close', () => entry.routers--);
    });
    worker.once('died', (error: Error) => {
      if (this.closing) return;
      this.logger.error(
        { slot, pid: worker.pid, err: error },
        `mediasoup worker ${worker.pid} died; replacing it`,
      );
      this.slots[slot] = undefined;
      void this.replace(slot, worker.pid);
    });
    return worker;
  }

  private async replace(slot: number, deadPid: number, attempt = 1): Promise<void> {
    try {
      const worker = await this.start(slot);
      this.logger.warn(
        { slot, deadPid, pid: worker.pid },
        `mediasoup worker ${deadPid} replaced by ${worker.pid}`,
      );
      this.events.emit('replaced', { slot, deadPid, worker });
    } catch (error) {
      this.logger.error(
        { slot, attempt, err: error },
        'could not start a replacement mediasoup worker; retrying',
      );
      if (!this.closing)
        setTimeout(
          () => void this.replace(slot, deadPid, attempt + 1),
          Math.min(attempt * 500, 5000),
        ).unref();
    }
  }

  /** The live worker with the fewest routers: where a new room goes. */
  leastLoaded(): ms.Worker {
    const live = this.slots.filter((slot): slot is Slot => slot !== undefined);
    if (live.length === 0) throw new Error('no live mediasoup worker');
    return live.reduce((best, slot) => (slot.routers < best.routers ? slot : best)).worker;
  }

  async status(): Promise<WorkerStatus[]> {
    return Promise.all(
      this.slots.map(async (slot, index) => {
        if (!slot) return { slot: index, pid: 0, routers: 0, usage: null };
        const usage = await slot.worker.getResourceUsage().catch(() => null);
        return {
          slot: index,
          pid: slot.worker.pid,
          routers: slot.routers,
          usage: usage && {
            cpuUserMs: usage.ru_utime,
            cpuSystemMs: usage.ru_stime,
            maxRssKb: usage.ru_maxrss,
          },
        };
      }),
    );
  }
}
