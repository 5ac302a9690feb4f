import { Logger } from '@nestjs/common';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { FfmpegPool } from './ffmpeg-pool';
import { boundUdpPorts, PortAllocator } from './port-allocator';
import { recorderSdp } from './sdp';

const run = promisify(execFile);

async function until<T>(check: () => T | undefined | false, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How many ffmpeg processes this test process has as children. */
async function ffmpegChildren(): Promise<number> {
  const { stdout } = await run('ps', ['--ppid', String(process.pid), '-o', 'comm=']).catch(() => ({
    stdout: '',
  }));
  return stdout.split('\n').filter((name) => name.trim() === 'ffmpeg').length;
}

/**
 * The warm pool with the real ffmpeg: a waiting ffmpeg holds no port and
 * writes no file; given its SDP it binds at once, records into the segment's
 * file, and the pool refills; closing the pool kills only waiting ones.
 */
describe('FfmpegPool with the real ffmpeg', () => {
  let dir: string;
  let linkDir: string;
  let outputDir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ffmpeg-pool-spec-'));
    linkDir = path.join(dir, 'links');
    outputDir = path.join(dir, 'recordings');
    fs.mkdirSync(linkDir);
    fs.mkdirSync(outputDir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records from a waiting ffmpeg into the segment file, and leaves nothing of the idle ones', async () => {
    const pool = new FfmpegPool({
      ffmpegBin: process.env.FFMPEG_BIN ?? 'ffmpeg',
      linkDir,
      size: 1,
      logger: new Logger('spec'),
    });
    const ports = new PortAllocator({
      minPort: 47900,
      maxPort: 47999,
      busyPorts: boundUdpPorts,
    }).allocate()!;
    pool.warm('webm');
    expect(pool.idleCount).toBe(1);
    // Give the waiting ffmpeg time to have started for real: still no port, no file.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(pool.idleCount).toBe(1);
    expect(boundUdpPorts().has(ports.rtp)).toBe(false);
    expect(fs.readdirSync(outputDir)).toEqual([]);

    const output = path.join(outputDir, '0001.webm');
    const sdp = recorderSdp(
      {
        codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {} }],
        encodings: [{ ssrc: 1 }],
      },
      'video',
      ports,
    );
    const given = Date.now();
    const ffmpeg = await pool.launch('webm', output, sdp);
    expect(ffmpeg.warm).toBe(true);
    await until(
      () => boundUdpPorts().has(ports.rtp) && boundUdpPorts().has(ports.rtcp),
      5000,
      'ffmpeg to bind its ports',
    );
    const bindMs = Date.now() - given;
    // The pool spawned a replacement at once.
    expect(pool.idleCount).toBe(1);

    const sender = spawn(
      process.env.FFMPEG_BIN ?? 'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-re'],
        ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=20', '-t', '3'],
        ...['-c:v', 'libvpx', '-deadline', 'realtime', '-g', '20', '-b:v', '300k'],
        ...['-payload_type', '101', '-f', 'rtp'],
        `rtp://127.0.0.1:${ports.rtp}?rtcpport=${ports.rtcp}`,
      ],
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => sender.once('exit', resolve));
    ffmpeg.child.kill('SIGINT');
    await ffmpeg.exited;

    const { stdout } = await run('ffprobe', [
      ...['-v', 'error', '-show_entries', 'format=duration:stream=codec_name'],
      ...['-of', 'json', output],
    ]);
    const probe = JSON.parse(stdout) as {
      streams: { codec_name: string }[];
      format: { duration: string };
    };
    expect(probe.streams).toEqual([{ codec_name: 'vp8' }]);
    expect(Number(probe.format.duration)).toBeGreaterThan(2.5);
    // A warm ffmpeg binds in milliseconds (a cold one needs its whole start-up).
    expect(bindMs).toBeLessThan(1000);

    // The recorded ffmpeg's link went with it; the waiting one has none yet.
    expect(fs.readdirSync(linkDir)).toEqual([]);
    expect(await ffmpegChildren()).toBe(1);
    pool.close();
    expect(pool.idleCount).toBe(0);
    const deadline = Date.now() + 5000;
    while ((await ffmpegChildren()) > 0) {
      if (Date.now() > deadline) throw new Error('the waiting ffmpeg was not killed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Only the segment's file was ever written.
    expect(fs.readdirSync(outputDir)).toEqual(['0001.webm']);
  }, 30_000);

  it('a missing ffmpeg empties the pool, backs off, and a launch fails as an exit', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const pool = new FfmpegPool({
      ffmpegBin: path.join(dir, 'no-such-ffmpeg'),
      linkDir,
      size: 2,
      logger: new Logger('spec'),
    });
    pool.warm('webm');
    await until(() => pool.idleCount === 0, 2000, 'the failed spawns to leave the pool');
    const delays = warn.mock.calls.map(
      ([payload]) => (payload as { respawnInMs?: number }).respawnInMs,
    );
    expect(delays).toEqual([2000, 4000]);
    const ffmpeg = await pool.launch('webm', path.join(outputDir, 'never.webm'), 'v=0\n');
    await ffmpeg.exited;
    expect(ffmpeg.stderrTail).toContain('ENOENT');
    pool.close();
    warn.mockRestore();
  });
});
