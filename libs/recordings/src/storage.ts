import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An inclusive byte range, as HTTP Range requests name them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where recording files live. Keys are relative, slash-separated paths
 * (`<sessionId>/<recordingId>/0001.webm`). Local disk is the default; an
 * S3-compatible object store implements the same five calls (PutObject,
 * HeadObject, GetObject with `Range: bytes=a-b`, DeleteObject), see README.
 */
export interface RecordingStorage {
  readonly kind: string;
  /** Stores a local file under `key`, replacing what was there. */
  put(key: string, sourceFile: string): Promise<{ size: number }>;
  /** Size of the object, or null when there is none. */
  stat(key: string): Promise<{ size: number } | null>;
  /** The object's bytes, or one inclusive range of them. */
  read(key: string, range?: ByteRange): Readable;
  /** Removes the object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /**
   * A path ffprobe/ffmpeg can open directly, when the store is a local disk.
   * Remote stores return null and callers copy the object to a temporary file.
   */
  localPath(key: string): string | null;
}

export const RECORDING_STORAGE = Symbol('RECORDING_STORAGE');

/** Rejects keys that could escape the storage root. */
export function assertSafeKey(key: string): void {
  if (
    key.length === 0 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`invalid storage key "${key}"`);
  }
}

/** Files under one directory (RECORDING_DIR); the media node writes there too. */
export class LocalDiskStorage implements RecordingStorage {
  readonly kind = 'local-disk';

  constructor(private readonly root: string) {}

  localPath(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, sourceFile: string): Promise<{ size: number }> {
    const target = this.localPath(key);
    if (path.resolve(sourceFile) !== target) {
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      // Copy next to the target, then rename: readers never see a half-written file.
      const temporary = `${target}.put-${process.pid}-${Date.now()}`;
      await pipeline(fs.createReadStream(sourceFile), fs.createWriteStream(temporary));
      await fs.promises.rename(temporary, target);
    }
    return { size: (await fs.promises.stat(target)).size };
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const stats = await fs.promises.stat(this.localPath(key));
      return stats.isFile() ? { size: stats.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  read(key: string, range?: ByteRange): Readable {
    return fs.createReadStream(
      this.localPath(key),
      range ? { start: range.start, end: range.end } : {},
    );
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.localPath(key), { force: true });
  }
}
