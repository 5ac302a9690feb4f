import { useEffect, useRef, useState } from 'react';
import { MediaTile } from '../room/MediaTile';
import { useLocalMedia } from '../room/local-media';
import { RoomClient } from '../room/room-client';
import { mockRoomAccess } from '../room/room-access';
import { useRoomText } from '../room/room-text';
import { figures, sample } from './network-test';
import type { NetworkFigures } from './network-test';
import '../room/room.css';

const NETWORK_TEST_MS = 8000;

function useMicLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(stream).connect(analyser);
    // Browsers start an AudioContext suspended until the user interacts with the page.
    const resume = () => void context.resume();
    resume();
    document.addEventListener('pointerdown', resume);
    const samples = new Float32Array(analyser.fftSize);
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
      // Peak hold with decay, like a VU meter: short sounds stay visible long enough to read.
      const current = Math.min(1, rms * 4);
      setLevel((previous) => Math.max(current, previous * 0.85));
    }, 100);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('pointerdown', resume);
      void context.close();
    };
  }, [stream]);
  return level;
}

function playTone(): void {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  oscillator.frequency.value = 440;
  oscillator.connect(context.destination);
  oscillator.start();
  oscillator.stop(context.currentTime + 1);
  oscillator.onended = () => void context.close();
}

/** /device-check — camera, microphone, speaker, and the network measured through the SFU itself. */
export default function DeviceCheckPage() {
  const { t, locale } = useRoomText();
  const local = useLocalMedia({ audio: true, video: true });
  const level = useMicLevel(local.stream);
  const [network, setNetwork] = useState<NetworkFigures | null>(null);
  const [running, setRunning] = useState(false);
  const [networkError, setNetworkError] = useState<string | null>(null);
  const clientRef = useRef<RoomClient | null>(null);
  useEffect(() => () => clientRef.current?.close(), []);
  const settings = local.stream?.getVideoTracks()[0]?.getSettings();

  async function runNetworkTest() {
    setRunning(true);
    setNetwork(null);
    setNetworkError(null);
    try {
      const access = await mockRoomAccess();
      const client = new RoomClient({ ...access, sources: local.sources, receive: false, locale });
      clientRef.current = client;
      client.start();
      await new Promise<void>((resolve, reject) => {
        const stop = client.subscribe((state) => {
          if (state.status === 'refused' || state.error) {
            stop();
            reject(new Error(state.error?.message ?? state.status));
          }
        });
        // Let the encoder ramp up before the first sample.
        window.setTimeout(() => {
          stop();
          resolve();
        }, 2000);
      });
      const firstReport = await client.sendStats();
      if (!firstReport) throw new Error('no media sent');
      const first = sample(firstReport);
      await new Promise((resolve) => window.setTimeout(resolve, NETWORK_TEST_MS - 2000));
      const lastReport = await client.sendStats();
      if (!lastReport) throw new Error('no media sent');
      setNetwork(figures(first, sample(lastReport)));
      client.close();
    } catch (e) {
      setNetworkError(
        t('device.networkFailed', { message: e instanceof Error ? e.message : String(e) }),
      );
      clientRef.current?.close();
    } finally {
      setRunning(false);
    }
  }

  const good =
    network !== null &&
    (network.rttMs ?? 0) < 300 &&
    (network.lossPercent ?? 0) < 5 &&
    (network.bitrateKbps ?? 0) > 150;

  return (
    <div className="room">
      <h1>{t('device.title')}</h1>
      <p>{t('device.intro')}</p>
      {local.error ? <p role="alert">{t('room.mediaDenied', { message: local.error })}</p> : null}
      <div className="room-checks">
        <section className="room-card">
          <h2>{t('device.camera')}</h2>
          <MediaTile label={t('device.camera')} stream={local.stream} self testId="self-tile" />
          {settings?.width ? (
            <p data-testid="camera-ok">
              {t('device.cameraOk', { width: settings.width, height: settings.height ?? 0 })}
            </p>
          ) : null}
        </section>
        <section className="room-card">
          <h2>{t('device.microphone')}</h2>
          <p>{t('device.micHint')}</p>
          <div
            className="room-meter"
            role="meter"
            aria-label={t('device.microphone')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(level * 100)}
            data-testid="mic-level"
          >
            <span style={{ width: `${Math.round(level * 100)}%` }} />
          </div>
        </section>
        <section className="room-card">
          <h2>{t('device.speaker')}</h2>
          <button type="button" className="button" onClick={playTone}>
            {t('device.playTone')}
          </button>
          <p>{t('device.speakerHint')}</p>
        </section>
        <section className="room-card">
          <h2>{t('device.network')}</h2>
          <button
            type="button"
            className="button"
            disabled={running || !local.ready || local.sources.length === 0}
            onClick={() => void runNetworkTest()}
          >
            {t('device.runNetwork')}
          </button>
          {running ? <p role="status">{t('device.networkRunning')}</p> : null}
          {networkError ? <p role="alert">{networkError}</p> : null}
          {network ? (
            <>
              <dl
                className="room-figures"
                data-testid="network-figures"
                data-rtt={network.rttMs ?? ''}
                data-loss={network.lossPercent ?? ''}
                data-bitrate={network.bitrateKbps ?? ''}
              >
                <dt>{t('device.rtt')}</dt>
                <dd>{network.rttMs ?? '–'} ms</dd>
                <dt>{t('device.loss')}</dt>
                <dd>{network.lossPercent ?? '–'} %</dd>
                <dt>{t('device.bitrate')}</dt>
                <dd>{network.bitrateKbps ?? '–'} kbps</dd>
              </dl>
              <p>{good ? t('device.verdictGood') : t('device.verdictPoor')}</p>
            </>
          ) : null}
        </section>
      </div>
    </div>
  );
}
