/**
 * The SFU load harness (bench/sfu, issue 9) checks itself: one product-shaped
 * room through the real api + media node with recording on, run for a few
 * seconds. Every synthetic publisher's packets must reach every subscriber the
 * room rules give it, and its recorder's file. If this fails, the capacity
 * figures of `npm run bench:sfu` mean nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GeneratorClient } from '../../bench/sfu/generator-client';
import type { GeneratorSnapshot } from '../../bench/sfu/generator';
import { startPlatform } from '../../bench/sfu/platform';
import { probeSeconds } from '../../bench/sfu/recording';
import { receives, ROOM_SHAPE } from '../../bench/sfu/shape';
import { waitFor } from '../room/room-harness';

jest.setTimeout(90_000);

/** Packets each subscriber must get of each stream: well over a second of audio or video. */
const ENOUGH = 30;

describe('bench:sfu harness', () => {
  let generator: GeneratorClient;
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let recordingDir: string;

  beforeAll(async () => {
    // Short clips (a cache entry of their own): encoded in seconds if the cache is empty.
    process.env.BENCH_CLIP_SECONDS = '2';
    recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhao-bench-test-'));
    generator = new GeneratorClient();
    await generator.init();
    platform = await startPlatform(generator, { recording: true, workers: 1, recordingDir });
    await platform.addRoom();
  });

  afterAll(async () => {
    await generator?.request({ op: 'clear' }).catch(() => undefined);
    await platform?.close();
    generator?.close();
    fs.rmSync(recordingDir, { recursive: true, force: true });
  });

  it('delivers every publisher to every subscriber of the room rules and to its recording', async () => {
    const sessionId = platform.producers[0].sessionId;
    // What the room rules promise: each viewer gets the camera and mic of each source it may see.
    const expected = ROOM_SHAPE.flatMap((viewer) =>
      ROOM_SHAPE.filter((source) => receives(viewer, source)).flatMap((source) =>
        platform.producers
          .filter((p) => p.seat === source.key)
          .map((p) => ({
            viewer: viewer.key,
            receiverId: `${sessionId}/${viewer.key}`,
            producer: p,
          })),
      ),
    );
    // 6 publishers × (camera + mic) = 12 producers; candidate ← 5 panel members, each panel
    // member ← 5 others, supervisor ← 6: 5 + 25 + 6 = 36 pairs × 2 streams.
    expect(platform.producers).toHaveLength(12);
    expect(expected).toHaveLength(72);

    const received = (snapshot: GeneratorSnapshot, receiverId: string, producerId: string) => {
      const consumer = platform.consumers.find(
        (c) => c.receiverId === receiverId && c.producerId === producerId,
      );
      return consumer
        ? (snapshot.received.find((r) => r.receiverId === receiverId && r.ssrc === consumer.ssrc)
            ?.received ?? 0)
        : 0;
    };
    const snapshot = await waitFor(
      async () => {
        const s = await generator.snapshot();
        return expected.every((e) => received(s, e.receiverId, e.producer.producerId) >= ENOUGH)
          ? s
          : null;
      },
      30_000,
      'every subscriber to receive every publisher',
    );
    // Nothing arrives that the platform did not announce, and no subscriber gets its own media.
    expect(snapshot.unexpected).toBe(0);
    const ownSeat = platform.consumers.filter((c) => {
      const producer = platform.producers.find((p) => p.producerId === c.producerId);
      return producer && c.receiverId === `${sessionId}/${producer.seat}`;
    });
    expect(ownSeat).toEqual([]);
    // Every publisher sent; the supervisor publishes nothing.
    for (const p of platform.producers) {
      const sent = snapshot.sent.find((s) => s.ssrc === p.ssrc);
      expect(sent?.totalPackets ?? 0).toBeGreaterThan(ENOUGH);
    }
    expect(platform.producers.some((p) => p.seat === 'supervisor')).toBe(false);

    // The recordings: one per producer, whose file grows while the media flows.
    const files = async () =>
      platform.stack.db.query<{ producer_id: string; storage_key: string }>(
        `SELECT r.producer_id, s.storage_key FROM recordings r
           JOIN recording_segments s ON s.recording_id = r.id WHERE r.session_id = $1`,
        [sessionId],
      );
    await waitFor(
      async () => {
        const rows = await files();
        return (
          platform.producers.every((p) => rows.some((r) => r.producer_id === p.producerId)) &&
          rows.every((r) => {
            const file = path.join(recordingDir, r.storage_key);
            return fs.existsSync(file) && fs.statSync(file).size > 20_000;
          })
        );
      },
      30_000,
      'a growing recording of every producer',
    );
    await generator.request({ op: 'clear' });
    await platform.stopMedia(); // every recorder's ffmpeg finalises its file and exits
    const rows = await files();
    for (const p of platform.producers) {
      const mine = rows.filter((r) => r.producer_id === p.producerId);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      let seconds = 0;
      for (const row of mine)
        seconds += await probeSeconds(path.join(recordingDir, row.storage_key));
      expect({ seat: p.seat, kind: p.kind, recorded: seconds > 0.5 }).toEqual({
        seat: p.seat,
        kind: p.kind,
        recorded: true,
      });
    }
  });
});
