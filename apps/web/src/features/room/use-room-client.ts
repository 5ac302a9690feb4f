import { useEffect, useState } from 'react';
import { RoomClient } from './room-client';
import type { LocalSource, RoomClientState } from './room-client';
import type { RoomAccess } from './room-access';

const INITIAL: RoomClientState = {
  status: 'connecting',
  room: null,
  remote: [],
  error: null,
  rebuilds: 0,
};

/** Runs a RoomClient for as long as the component is mounted (and the inputs are ready). */
export function useRoomClient(
  access: RoomAccess | null,
  sources: LocalSource[] | null,
  options: { receive: boolean; locale: string },
): { state: RoomClientState; client: RoomClient | null } {
  const [client, setClient] = useState<RoomClient | null>(null);
  const [state, setState] = useState<RoomClientState>(INITIAL);
  const { receive, locale } = options;
  useEffect(() => {
    if (!access || !sources) return;
    const created = new RoomClient({ ...access, sources, receive, locale });
    const unsubscribe = created.subscribe(setState);
    created.start();
    setClient(created);
    return () => {
      unsubscribe();
      created.close();
      setClient(null);
      setState(INITIAL);
    };
  }, [access, sources, receive, locale]);
  return { state, client };
}
