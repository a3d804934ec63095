'use client';

import { RoomAudioRenderer, RoomContext, useParticipants } from '@livekit/components-react';
import type { Room } from 'livekit-client';
import { useCallback, useState } from 'react';
import type { MediaRights } from '@/lib/client/media/rights';
import { CallAnnouncer } from './call-announcer';
import { CallControls } from './call-controls';
import { AudioUnlock, ConnectionBanner } from './connection-banner';
import { DeviceNotice } from './device-notice';
import { ModerationContext, type CallModeration } from './moderation';
import { ParticipantList } from './participant-list';
import { useLocalMedia } from './use-local-media';
import { VideoGrid } from './video-grid';

interface CallViewProps {
  room: Room;
  meetingTitle: string;
  rights: MediaRights;
  showParticipantList: boolean;
  /** The host's seat: the participant list starts open on wide screens. */
  isHost: boolean;
  notice?: string;
  /** What a host did to this person (muted them, everyone), announced in a live region. */
  hostNotice?: string;
  /** This person's moderation rights and the spotlight of the room they are in. */
  moderation: CallModeration;
  /** The breakout banner: which room this is, and the room controls. */
  banner?: React.ReactNode;
  /** A panel beside the video (the host's breakout manager), above the controls. */
  aside?: React.ReactNode;
  /** Chat, polls and help: control buttons, the side panel, a help bar, and the toasts. */
  tools?: {
    buttons: React.ReactNode;
    panel: React.ReactNode;
    helpBar: React.ReactNode;
    overlay: React.ReactNode;
  };
  /** Recording: the red sign beside the title, Record/Stop among the controls, and what to announce. */
  recording?: {
    indicator: React.ReactNode;
    control?: React.ReactNode;
    announcement?: string;
    error?: string;
  };
  onLeave: () => void;
}

/** The call: video grid, banners, participant list and controls, for a connected Room. */
export function CallView(props: CallViewProps) {
  return (
    <RoomContext.Provider value={props.room}>
      <CallLayout {...props} />
      <RoomAudioRenderer />
    </RoomContext.Provider>
  );
}

function CallLayout({
  room,
  meetingTitle,
  rights,
  showParticipantList,
  isHost,
  notice,
  hostNotice,
  moderation,
  banner,
  aside,
  tools,
  recording,
  onLeave,
}: CallViewProps) {
  const participants = useParticipants();
  const media = useLocalMedia();
  const [actionNotice, setActionNotice] = useState<string>();
  const said = [hostNotice, actionNotice, media.recoveryNotice].filter(Boolean).join(' ');
  // Rendered only in the browser (after Join), so matchMedia is there.
  const [listOpen, setListOpen] = useState(() => isHost && window.matchMedia('(min-width: 1024px)').matches);
  const panelId = 'participant-panel';
  const closeList = useCallback(() => setListOpen(false), []);
  return (
    <ModerationContext.Provider value={{ ...moderation, report: setActionNotice }}>
      <div data-fixed-scheme className="flex h-dvh flex-col gap-2 bg-slate-950 pb-3 text-white sm:gap-3">
        <header className="flex h-12 shrink-0 items-center justify-between gap-3 px-4 pt-2">
          <div className="flex min-w-0 items-center gap-2">
            <h1 className="truncate text-sm font-semibold sm:text-base">{meetingTitle}</h1>
            {recording?.indicator}
          </div>
          <p className="shrink-0 text-xs text-slate-400">
            {participants.length} {participants.length === 1 ? 'person' : 'people'} here
          </p>
        </header>
        <ConnectionBanner />
        {banner}
        {tools?.helpBar}
        <AudioUnlock />
        {recording?.error && (
          <p role="alert" className="mx-3 rounded-lg bg-red-500/15 px-4 py-2 text-sm text-red-100">
            {recording.error}
          </p>
        )}
        {notice && (
          <p role="alert" className="mx-3 rounded-lg bg-red-500/15 px-4 py-2 text-sm text-red-100">
            {notice}
          </p>
        )}
        <div role="status" aria-live="polite">
          {said && <p className="mx-3 rounded-lg bg-sky-500/15 px-4 py-2 text-sm text-sky-100">{said}</p>}
        </div>
        {rights.audio && media.audioProblem && (
          <div className="mx-3">
            <DeviceNotice kind="audio" problem={media.audioProblem} tone="dark" />
          </div>
        )}
        {rights.video && media.videoProblem && (
          <div className="mx-3">
            <DeviceNotice kind="video" problem={media.videoProblem} tone="dark" />
          </div>
        )}
        <main className="flex min-h-0 flex-1 gap-3 px-3">
          {/* Keyed by this connection (a new one after a room switch): LiveKit's hooks would otherwise keep
            the previous room's state, such as a microphone shown as off. Sibling keys must differ: with one
            key for both, React left the previous rooms' grids on the page beside the new one. */}
          <VideoGrid key={`grid-${room.localParticipant.sid}`} spotlight={moderation.spotlight} />
          {showParticipantList && listOpen && (
            <ParticipantList key={`list-${room.localParticipant.sid}`} id={panelId} onClose={closeList} />
          )}
          {tools?.panel}
          {aside}
        </main>
        <footer className="shrink-0 px-3">
          <CallControls
            rights={rights}
            participantCount={participants.length}
            list={
              showParticipantList
                ? { open: listOpen, toggle: () => setListOpen((o) => !o), panelId }
                : undefined
            }
            extra={
              <>
                {recording?.control}
                {tools?.buttons}
              </>
            }
            onLeave={onLeave}
          />
        </footer>
        <CallAnnouncer announcement={recording?.announcement} />
        {tools?.overlay}
      </div>
    </ModerationContext.Provider>
  );
}
