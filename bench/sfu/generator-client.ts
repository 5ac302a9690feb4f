import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import type { GeneratorCommand, GeneratorReply, GeneratorSnapshot } from './generator';

const root = path.resolve(__dirname, '..', '..');

/** The bench's handle on its load-generator child process. */
export class GeneratorClient {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: GeneratorReply) => void>();

  constructor() {
    this.child = fork(path.join(__dirname, 'generator.ts'), [], {
      execArgv: ['-r', path.join(root, 'scripts', 'ts-register.js')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: GeneratorReply & { requestId: number }) => {
      this.waiting.get(message.requestId)?.(message);
      this.waiting.delete(message.requestId);
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  request(command: GeneratorCommand): Promise<GeneratorReply> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(requestId, (reply) =>
        reply.op === 'error' ? reject(new Error(`generator: ${reply.message}`)) : resolve(reply),
      );
      this.child.send({ ...command, requestId });
    });
  }

  async init(): Promise<void> {
    await this.request({ op: 'init' });
  }

  async addReceiver(id: string): Promise<number> {
    const reply = await this.request({ op: 'addReceiver', id });
    if (reply.op !== 'receiverPort') throw new Error('generator: no receiver port');
    return reply.port;
  }

  async snapshot(): Promise<GeneratorSnapshot> {
    const reply = await this.request({ op: 'snapshot' });
    if (reply.op !== 'snapshot') throw new Error('generator: no snapshot');
    return reply.snapshot;
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill('SIGTERM');
  }
}
