import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RecordingStorage } from './storage';

/** Runs `work` on a local copy of the object (the object itself on local disk). */
export async function withLocalFile<T>(
  storage: RecordingStorage,
  key: string,
  work: (file: string) => Promise<T>,
): Promise<T> {
  const local = storage.localPath(key);
  if (local) return work(local);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'yunzhao-rec-'));
  const file = path.join(dir, path.basename(key));
  try {
    await pipeline(storage.read(key), fs.createWriteStream(file));
    return await work(file);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** A scratch directory removed after `work`, for remuxed copies. */
export async function withScratchDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'yunzhao-remux-'));
  try {
    return await work(dir);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
