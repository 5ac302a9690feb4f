import { useMemo } from 'react';
import type { RoomAccess } from './room-access';
import { readClaims } from './room-access';
import { useLocalMedia } from './local-media';
import type { RoomClientState } from './room-client';
import { useRoomText } from './room-text';
import type { RoomTextKey } from './room-text';
import { CandidateView, PanelView, ProctorView, SupervisorView } from './RoomViews';
import { RoomQuestions } from './questions/RoomQuestions';
import { useRoomClient } from './use-room-client';
import { useRoomScoreFeed } from './use-room-score-feed';
import { ScoreFeedPanel } from '../scoring/ScoreFeedPanel';
import './room.css';

const STATUS_TEXT: Record<RoomClientState['status'], RoomTextKey> = {
  connecting: 'room.status.connecting',
  joined: 'room.status.joined',
  reconnecting: 'room.status.reconnecting',
  refused: 'room.status.refused',
  replaced: 'room.status.replaced',
  closed: 'room.status.closed',
};

export function RoomStatusBar({ state }: { state: RoomClientState }) {
  const { t } = useRoomText();
  return (
    <div
      className="room-status"
      data-testid="room-status"
      data-status={state.status}
      data-rebuilds={state.rebuilds}
    >
      <span className={`room-status__dot room-status__dot--${state.status}`} aria-hidden="true" />
      {t(STATUS_TEXT[state.status])}
      {state.rebuilds > 0 ? (
        <span> · {t('room.rebuilding', { count: state.rebuilds })}</span>
      ) : null}
      {state.error ? (
        <span role="alert" className="room-status__error" data-code={state.error.code}>
          {' '}
          · {state.error.message}
        </span>
      ) : null}
    </div>
  );
}

/** A session room for whichever role the token carries. */
export function LiveRoom({ access }: { access: RoomAccess }) {
  const { t, locale } = useRoomText();
  const claims = useMemo(() => readClaims(access.token), [access.token]);
  const sends = claims !== null && claims.role !== 'supervisor';
  const local = useLocalMedia({ audio: sends, video: sends });
  const sources = local.ready ? local.sources : null;
  const { state, client } = useRoomClient(access, sources, { receive: true, locale });
  const room = state.room;
  const scores = useRoomScoreFeed(client, room !== null);
  const props = room ? { room, remote: state.remote, local: local.stream, client } : null;
  return (
    <div className="room" data-role={claims?.role}>
      <header className="room-header">
        <h1>{t('room.title')}</h1>
        <RoomStatusBar state={state} />
      </header>
      {local.error ? <p role="alert">{t('room.mediaDenied', { message: local.error })}</p> : null}
      {room && !room.mock ? (
        <RoomQuestions room={room} client={client} status={state.status} />
      ) : null}
      {room && !room.mock && room.self.role !== 'proctor' ? (
        <ScoreFeedPanel feed={scores} role={room.self.role} />
      ) : null}
      {props && room?.self.role === 'candidate' ? <CandidateView {...props} /> : null}
      {props &&
      (room?.self.role === 'chief_examiner' ||
        room?.self.role === 'examiner' ||
        room?.self.role === 'score_clerk') ? (
        <PanelView {...props} />
      ) : null}
      {props && room?.self.role === 'supervisor' ? <SupervisorView {...props} /> : null}
      {props && room?.self.role === 'proctor' ? <ProctorView {...props} /> : null}
    </div>
  );
}
