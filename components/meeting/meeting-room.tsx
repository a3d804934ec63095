'use client';

import { RoomEvent, type DisconnectReason } from 'livekit-client';
import { useEffect, useRef, useState } from 'react';
import { Brand } from '@/components/brand';
import { describeDisconnect, type CallEnding } from '@/lib/client/media/disconnect';
import * as localMedia from '@/lib/client/media/local-media';
import { MeetingConnection } from '@/lib/client/media/meeting-connection';
import type { MediaRights } from '@/lib/client/media/rights';
import { CallEnded } from './call-ended';
import { CallView } from './call-view';
import { MediaUnavailable } from './media-unavailable';
import { PreJoin } from './pre-join';

export interface MeetingRoomProps {
  meetingId: string;
  meetingTitle: string;
  name: string;
  presetName: string;
  /** The participant's picture URL, shown while their camera is off. */
  picture?: string | null;
  /** Plain-language lines of what this person's preset lets them do. */
  abilities: string[];
  rights: MediaRights;
  showParticipantList: boolean;
  isHost: boolean;
  media: { available: true } | { available: false; reason: string };
}

/** The participant's meeting page: pre-join, then the call, then why it ended. */
export function MeetingRoom(props: MeetingRoomProps) {
  if (!props.media.available) {
    return (
      <Shell>
        <MediaUnavailable
          meetingTitle={props.meetingTitle}
          name={props.name}
          reason={props.media.reason}
          abilities={props.abilities}
        />
      </Shell>
    );
  }
  return <MeetingFlow {...props} />;
}

type Phase =
  | { step: 'prejoin'; joining: boolean; error?: string }
  | { step: 'call'; connection: MeetingConnection; notice?: string }
  | { step: 'ended'; ending: CallEnding };

function MeetingFlow(props: MeetingRoomProps) {
  const { meetingId, meetingTitle, name, rights, showParticipantList, isHost } = props;
  const [attempt, setAttempt] = useState(0);
  const connectionRef = useRef<MeetingConnection>(undefined);
  const [phase, setPhase] = useState<Phase>({ step: 'prejoin', joining: false });
  const inCall = useRef(false);

  // A fresh connection per attempt; its token and signalling are warmed up while pre-join is shown.
  useEffect(() => {
    const c = new MeetingConnection(meetingId);
    connectionRef.current = c;
    void c.prepare();
    const ended = (reason?: DisconnectReason) => {
      localMedia.detachFrom(c.room);
      if (!inCall.current) return;
      inCall.current = false;
      // Whatever ended the call, the camera and microphone are let go (their lights go out).
      localMedia.release();
      setPhase({ step: 'ended', ending: describeDisconnect(reason) });
    };
    c.room.on(RoomEvent.Disconnected, ended);
    return () => {
      c.room.off(RoomEvent.Disconnected, ended);
      inCall.current = false;
      void c.leave();
    };
  }, [meetingId, attempt]);

  // Leaving the page ends the call and lets the devices go.
  useEffect(() => () => localMedia.release(), []);

  const join = async () => {
    const connection = connectionRef.current;
    if (!connection) return;
    // Inside the click: lets the browser play the call's sound.
    void connection.room.startAudio();
    setPhase({ step: 'prejoin', joining: true });
    try {
      inCall.current = true;
      const { publishError } = await connection.join();
      setPhase({
        step: 'call',
        connection,
        notice: publishError
          ? `Your camera or microphone could not be shared: ${describe(publishError)}`
          : undefined,
      });
    } catch (err) {
      inCall.current = false;
      setPhase({ step: 'prejoin', joining: false, error: joinErrorMessage(err) });
      setAttempt((a) => a + 1); // a failed Room is not reused
    }
  };

  if (phase.step === 'call') {
    const { connection } = phase;
    return (
      <CallView
        room={connection.room}
        meetingTitle={meetingTitle}
        rights={rights}
        showParticipantList={showParticipantList}
        isHost={isHost}
        notice={phase.notice}
        onLeave={() => void connection.leave()}
      />
    );
  }
  if (phase.step === 'ended') {
    return (
      <Shell>
        <CallEnded
          ending={phase.ending}
          onRejoin={() => {
            setPhase({ step: 'prejoin', joining: false });
            setAttempt((a) => a + 1);
          }}
        />
      </Shell>
    );
  }
  return (
    <Shell>
      <PreJoin
        meetingTitle={meetingTitle}
        name={name}
        presetName={props.presetName}
        picture={props.picture}
        abilities={props.abilities}
        rights={rights}
        joining={phase.step === 'prejoin' && phase.joining}
        joinError={phase.step === 'prejoin' ? phase.error : undefined}
        onJoin={() => void join()}
      />
    </Shell>
  );
}

const describe = (err: unknown) => (err instanceof Error ? err.message : 'unknown error');

function joinErrorMessage(err: unknown): string {
  if (err instanceof Error && err.name === 'MediaTokenError') return err.message;
  return 'Could not connect to the meeting. Check your connection and try again.';
}

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-dvh">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center px-4 py-3 sm:px-6">
          <Brand />
        </div>
      </header>
      <main className="px-4 py-6 sm:px-6 sm:py-10">{children}</main>
    </div>
  );
}
