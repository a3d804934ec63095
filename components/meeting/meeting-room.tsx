'use client';

import { ConnectionState, RoomEvent, type DisconnectReason } from 'livekit-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Brand } from '@/components/brand';
import { BreakoutBar, BreakoutPanel } from '@/components/breakout/breakout-bar';
import { movedAwayEnding } from '@/components/breakout/moved-away';
import type { BreakoutAbilities } from '@/components/breakout/room-picker';
import { useMeetingBreakout } from '@/components/breakout/use-meeting-breakout';
import { useRoomDock } from '@/components/rooms/room-dock';
import {
  describeDisconnect,
  kickedEnding,
  meetingEndedEnding,
  type CallEnding,
} from '@/lib/client/media/disconnect';
import * as localMedia from '@/lib/client/media/local-media';
import { MeetingConnection } from '@/lib/client/media/meeting-connection';
import { rejoinMediaRoom } from '@/lib/client/media/rejoin';
import { onMediaRefused } from '@/lib/client/media/refusal';
import type { MediaRights } from '@/lib/client/media/rights';
import { switchRoom } from '@/lib/client/media/room-switch';
import { WarmSpare } from '@/lib/client/media/warm-connection';
import type { ModerationRights } from '@/lib/moderation/rights';
import type { RoomRights } from '@/lib/rooms/rights';
import { CallEnded } from './call-ended';
import { CallView } from './call-view';
import { MediaUnavailable } from './media-unavailable';
import { PreJoin } from './pre-join';
import { RecordButton, RecordingIndicator, useCallRecording, useRecordingAnnouncement } from './recording';

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
  /** This person's seat, where the server has them now, and their own breakout rights. */
  participantId: string;
  /** The breakout room the seat was in when the page was drawn; pre-join names it. */
  roomTitle?: string;
  currentMeetingId: string;
  breakout: BreakoutAbilities;
  /** What this person may do with chat, polls and help requests. */
  roomRights: RoomRights;
  /** What this person may do to others in the call (mute, remove, spotlight, end for all). */
  moderation: ModerationRights;
  /** Who is in the spotlight in the meeting this person is in now, when the page was rendered. */
  spotlightParticipantId: string | null;
  /** May start and stop the recording of the room they are in (a host, or a preset with `can_record`). */
  canRecord: boolean;
  /** MEDIA_WARM_SWITCH=on: keep one rights-less connection where a move will likely lead. */
  warmSwitch?: boolean;
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
  | { step: 'call'; connection: MeetingConnection; notice?: string; hostNotice?: string }
  | { step: 'ended'; ending: CallEnding };

function MeetingFlow(props: MeetingRoomProps) {
  const { meetingId, meetingTitle, name, rights, showParticipantList, isHost } = props;
  const [attempt, setAttempt] = useState(0);
  const connectionRef = useRef<MeetingConnection>(undefined);
  const [phase, setPhase] = useState<Phase>({ step: 'prejoin', joining: false });
  const [managing, setManaging] = useState(false);
  const inCall = useRef(false);
  const unwatch = useRef<() => void>(undefined);
  const joining = useRef<Promise<unknown>>(undefined);
  // While the call moves to another room, the old room going away is expected, even when the server
  // removes this browser from it before the switch finished.
  const switching = useRef(false);
  // Asks the server whether a removal from the media room was a move this page missed (its event stream
  // was down); set once the breakout client exists.
  const missedMove = useRef<(mediaRoom: string | undefined) => Promise<string | undefined>>(() =>
    Promise.resolve(undefined),
  );
  // The one warm connection beside the call (MEDIA_WARM_SWITCH=on), made once the call has started.
  const spareRef = useRef<WarmSpare>(undefined);
  const closeSpare = useCallback(() => {
    spareRef.current?.close();
    spareRef.current = undefined;
  }, []);
  // Where the next move will likely lead, or `roomId`: a room the person points at in a list they may
  // pick from.
  const warmUp = useCallback(
    (roomId?: string) => {
      if (!props.warmSwitch || !inCall.current) return;
      spareRef.current ??= new WarmSpare(meetingId);
      void spareRef.current.refresh(roomId);
    },
    [props.warmSwitch, meetingId],
  );

  const endCall = useCallback(
    (reason?: DisconnectReason) => {
      inCall.current = false;
      closeSpare();
      // Whatever ended the call, the camera and microphone are let go (their lights go out).
      localMedia.release();
      setPhase({ step: 'ended', ending: describeDisconnect(reason) });
    },
    [closeSpare],
  );

  /**
   * The media connection is gone for good (the media server restarted and forgot the room, or was away
   * longer than LiveKit's own reconnection waits): get back into the room the server has this person in
   * now, with a fresh token. Resolves with the new connection, or ends the call when that fails.
   */
  const rejoin = useCallback(
    async (
      reason: DisconnectReason | undefined,
      knownUrl: string | undefined,
      adoptIt: (c: MeetingConnection) => void,
    ) => {
      const back = await rejoinMediaRoom(meetingId, () => inCall.current, knownUrl);
      if (!back) {
        if (inCall.current) endCall(reason);
        return undefined;
      }
      adoptIt(back.connection);
      const notice = back.publishError
        ? `Your camera or microphone could not be shared: ${describe(back.publishError)}`
        : undefined;
      setPhase({ step: 'call', connection: back.connection, notice });
      return back.connection;
    },
    [meetingId, endCall],
  );

  /**
   * The media server removed this browser: when the server has the person in another room now (a move
   * made while this page's event stream was down), the call goes there with the same camera and
   * microphone, as a move would have taken it; otherwise the call ends.
   */
  const followMissedMove = useCallback(
    async (
      reason: DisconnectReason | undefined,
      c: MeetingConnection,
      adoptIt: (c: MeetingConnection) => void,
    ) => {
      const where = await missedMove.current(c.mediaRoom).catch(() => undefined);
      if (!where || !inCall.current || connectionRef.current !== c) {
        if (inCall.current && connectionRef.current === c) endCall(reason);
        return undefined;
      }
      const back = await rejoin(reason, c.url, adoptIt);
      if (back) {
        const hostNotice = `You were moved to ${where}.`;
        setPhase((p) => (p.step === 'call' ? { ...p, hostNotice } : p));
      }
      return back;
    },
    [endCall, rejoin],
  );

  /** Makes `c` the call's connection: its disconnect, and no earlier room's, ends the call or rejoins. */
  const adopt = useCallback(
    function adoptConnection(c: MeetingConnection) {
      unwatch.current?.();
      connectionRef.current = c;
      const ended = (reason?: DisconnectReason) => {
        localMedia.detachFrom(c.room);
        if (!inCall.current || connectionRef.current !== c || switching.current) return;
        const kind = describeDisconnect(reason).kind;
        // Lost, not ended on purpose: rejoin (a move arriving meanwhile waits for it, as for a join).
        if (kind === 'lost') joining.current = rejoin(reason, c.url, adoptConnection);
        // Removed because the server moved this person while the page was not listening: follow the move.
        else if (kind === 'removed') joining.current = followMissedMove(reason, c, adoptConnection);
        else endCall(reason);
      };
      c.room.on(RoomEvent.Disconnected, ended);
      unwatch.current = () => c.room.off(RoomEvent.Disconnected, ended);
      setPhase((p) => (p.step === 'call' ? { ...p, connection: c } : p));
    },
    [endCall, rejoin, followMissedMove],
  );

  // A fresh connection per attempt; its token and signalling are warmed up while pre-join is shown.
  useEffect(() => {
    const c = new MeetingConnection(meetingId);
    adopt(c);
    void c.prepare();
    return () => {
      unwatch.current?.();
      inCall.current = false;
      closeSpare();
      // The connection in use now: a room switch may have replaced `c`.
      void connectionRef.current?.leave();
    };
  }, [meetingId, attempt, adopt, closeSpare]);

  // Moved by the server: carry the call to the new room, or, before joining, drop the prepared token.
  const switchMedia = useCallback(
    async (to: string) => {
      await joining.current;
      const from = connectionRef.current;
      if (!inCall.current || !from) {
        setAttempt((a) => a + 1);
        return to;
      }
      switching.current = true;
      try {
        const spare = spareRef.current;
        const { connection, publishError } = await switchRoom(from, adopt, spare && { spare, to });
        if (publishError) {
          const notice = `Your camera or microphone could not be shared here: ${describe(publishError)}`;
          setPhase((p) => (p.step === 'call' ? { ...p, notice } : p));
        }
        warmUp(); // where the next move will likely lead from here
        return connection.mediaRoom ?? to;
      } catch (err) {
        // The old room is left by now, and the new one could not be reached (the media server may be
        // restarting): keep trying to get into the room the server has this person in.
        if (from.room.state === ConnectionState.Disconnected) {
          const back = await rejoin(undefined, from.url, adopt);
          if (back) return back.mediaRoom ?? to;
        }
        throw err;
      } finally {
        switching.current = false;
      }
    },
    [adopt, rejoin, warmUp],
  );
  const breakout = useMeetingBreakout({
    mainMeetingId: meetingId,
    selfId: props.participantId,
    currentMeetingId: props.currentMeetingId,
    presetName: props.presetName,
    switchMedia,
  });
  // The hosts' draft now sends this person elsewhere: wait warm in that room instead.
  useEffect(() => breakout.on('warmHint', () => warmUp()), [breakout, warmUp]);
  const tools = useRoomDock({
    cm: breakout,
    selfId: props.participantId,
    currentMeetingId: props.currentMeetingId,
    rights: props.roomRights,
  });
  // Whether the room this person is in is recorded: everyone sees it and hears its start and stop.
  const recording = useCallRecording(breakout);
  const announcement = useRecordingAnnouncement(recording.meetingId, recording.recording);
  const [recordError, setRecordError] = useState<string>();
  // What hosts do to this page: end the meeting, remove this person, mute them, spotlight someone.
  const [spotlight, setSpotlight] = useState(props.spotlightParticipantId);
  useEffect(() => {
    const finish = (ending: CallEnding) => {
      inCall.current = false;
      closeSpare();
      localMedia.release();
      void connectionRef.current?.leave();
      setPhase({ step: 'ended', ending });
    };
    const notify = (hostNotice: string) => setPhase((p) => (p.step === 'call' ? { ...p, hostNotice } : p));
    const self = props.participantId;
    const offModeration = breakout.on('moderation', (event) => {
      switch (event.type) {
        case 'meeting_ended':
          return finish(meetingEndedEnding());
        case 'participants_kicked':
          if (event.payload.participant_ids.includes(self))
            finish(kickedEnding(event.payload.removed_from_meeting));
          return;
        case 'participants_muted':
          if (event.payload.participant_ids.includes(self))
            notify(
              event.payload.kind === 'audio'
                ? 'A host muted your microphone. You can turn it on again.'
                : 'A host turned your camera off. You can turn it on again.',
            );
          return;
        case 'all_muted':
          if (event.payload.meeting_id !== breakout.currentMeetingId) return;
          if (event.payload.by === self)
            notify(
              event.payload.allow_unmute
                ? 'You muted everyone. They can unmute themselves.'
                : 'You muted everyone. Only moderators can turn their microphone on until you allow it.',
            );
          else
            notify(
              event.payload.allow_unmute
                ? 'A host muted everyone. You can turn your microphone on again.'
                : 'A host muted everyone. Microphones stay off until a host allows them again.',
            );
          return;
        case 'spotlight_changed':
          if (event.payload.meeting_id === breakout.currentMeetingId)
            setSpotlight(event.payload.participant_id);
          return;
      }
    });
    // Another room's spotlight is not known here until it changes: show the grid.
    const offMoved = breakout.on('meetingChanged', () => setSpotlight(null));
    return () => {
      offModeration();
      offMoved();
    };
  }, [breakout, props.participantId, closeSpare]);

  useEffect(() => {
    missedMove.current = async (mediaRoom) => {
      const ending = await movedAwayEnding(breakout, props.participantId, mediaRoom);
      if (!ending) return undefined;
      breakout.start(); // its event stream may be what failed
      return ending.where;
    };
  }, [breakout, props.participantId]);

  // Removed from the media room and the call could not follow: if that was a move this page missed, say
  // so and offer Rejoin there.
  const removed = phase.step === 'ended' && phase.ending.kind === 'removed';
  useEffect(() => {
    if (!removed) return;
    let live = true;
    void movedAwayEnding(breakout, props.participantId, connectionRef.current?.mediaRoom).then((ending) => {
      if (!live || !ending) return;
      breakout.start(); // its event stream may be what failed
      setPhase({ step: 'ended', ending });
    });
    return () => {
      live = false;
    };
  }, [removed, breakout, props.participantId]);

  // The media server took a track away (its kind or source is not one the preset allows): say why.
  const callRoom = phase.step === 'call' ? phase.connection.room : undefined;
  useEffect(() => {
    if (!callRoom) return;
    return onMediaRefused(callRoom, (notice) => setPhase((p) => (p.step === 'call' ? { ...p, notice } : p)));
  }, [callRoom]);

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
      const joined = connection.join();
      joining.current = joined.catch(() => undefined);
      const { publishError } = await joined;
      warmUp();
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
        hostNotice={phase.hostNotice}
        moderation={{
          rights: props.moderation,
          selfId: props.participantId,
          meetingId: () => breakout.currentMeetingId,
          spotlight,
        }}
        banner={
          <BreakoutBar
            cm={breakout}
            selfId={props.participantId}
            abilities={props.breakout}
            managing={managing}
            onManagingChange={setManaging}
            panelId={MANAGER_PANEL_ID}
            onPoint={props.warmSwitch ? warmUp : undefined}
          />
        }
        aside={
          managing &&
          props.breakout.manage && (
            <BreakoutPanel
              cm={breakout}
              selfId={props.participantId}
              id={MANAGER_PANEL_ID}
              onClose={() => setManaging(false)}
              hostTools={tools.hostTools}
            />
          )
        }
        tools={tools}
        recording={{
          indicator: <RecordingIndicator recording={recording.recording} />,
          control: props.canRecord && (
            <RecordButton
              meetingId={recording.meetingId}
              recording={recording.recording}
              watch={recording.watch}
              onError={setRecordError}
            />
          ),
          announcement,
          error: recordError,
        }}
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
        roomTitle={props.roomTitle}
        name={name}
        presetName={props.presetName}
        picture={props.picture}
        abilities={props.abilities}
        rights={rights}
        joining={phase.step === 'prejoin' && phase.joining}
        joinError={phase.step === 'prejoin' ? phase.error : undefined}
        recorded={!!recording.recording}
        onJoin={() => void join()}
      />
    </Shell>
  );
}

const MANAGER_PANEL_ID = 'breakout-manager-panel';

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
