'use client';

import { useRoomContext } from '@livekit/components-react';
import { RoomEvent, type RemoteParticipant } from 'livekit-client';
import { useEffect, useState } from 'react';

/**
 * Announces who joins and leaves, and `announcement` (the recording's start and stop), to screen readers
 * (polite live regions, visually hidden).
 */
export function CallAnnouncer({ announcement }: { announcement?: string }) {
  const room = useRoomContext();
  const [message, setMessage] = useState('');
  useEffect(() => {
    const who = (p: RemoteParticipant) => p.name || 'Someone';
    const joined = (p: RemoteParticipant) => setMessage(`${who(p)} joined`);
    const left = (p: RemoteParticipant) => setMessage(`${who(p)} left`);
    room.on(RoomEvent.ParticipantConnected, joined).on(RoomEvent.ParticipantDisconnected, left);
    return () => {
      room.off(RoomEvent.ParticipantConnected, joined).off(RoomEvent.ParticipantDisconnected, left);
    };
  }, [room]);
  return (
    <>
      <p role="status" aria-live="polite" className="sr-only">
        {message}
      </p>
      {/* Its own region: someone joining just then does not overwrite the recording's news. */}
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </>
  );
}
