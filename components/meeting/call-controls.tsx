'use client';

import { useLocalParticipant, useRoomContext } from '@livekit/components-react';
import { useState } from 'react';
import type { MediaRights } from '@/lib/client/media/rights';
import { DeviceSelect } from './device-select';
import { CloseIcon, GearIcon, LeaveIcon, PeopleIcon, ScreenIcon } from './icons';
import { MediaToggles, RoundButton, useMicLocked } from './media-toggles';
import { EndForAllButton } from './moderation';
import { useLocalMedia } from './use-local-media';

interface CallControlsProps {
  rights: MediaRights;
  participantCount: number;
  /** Present when this person may see the participant list. */
  list?: { open: boolean; toggle: () => void; panelId: string };
  /** More controls before Leave (chat, polls, the hosts' tools). */
  extra?: React.ReactNode;
  onLeave: () => void;
}

/** The bar under the call: mic, camera, screen share, devices, participants, leave. */
export function CallControls({ rights, participantCount, list, extra, onLeave }: CallControlsProps) {
  const [devicesOpen, setDevicesOpen] = useState(false);
  const media = useLocalMedia();
  const micLocked = useMicLocked();
  const canPickDevices = (rights.audio && !!media.audioTrack) || (rights.video && !!media.videoTrack);
  return (
    <div className="relative">
      {devicesOpen && canPickDevices && (
        <section
          id="device-panel"
          aria-label="Devices"
          className="absolute bottom-full left-1/2 z-20 mb-3 w-[min(22rem,calc(100vw-1.5rem))] -translate-x-1/2 space-y-3 rounded-xl border border-white/10 bg-slate-800 p-4 shadow-xl"
        >
          <div className="flex items-center justify-between">
            <h2 className="text-sm font-semibold text-white">Devices</h2>
            <button
              type="button"
              onClick={() => setDevicesOpen(false)}
              className="rounded-full p-1 text-slate-300 hover:bg-white/10"
            >
              <CloseIcon />
              <span className="sr-only">Close devices</span>
            </button>
          </div>
          {rights.video && (
            <DeviceSelect kind="videoinput" label="Camera" track={media.videoTrack} tone="dark" />
          )}
          {rights.audio && (
            <DeviceSelect kind="audioinput" label="Microphone" track={media.audioTrack} tone="dark" />
          )}
        </section>
      )}
      <div className="flex flex-wrap items-center justify-center gap-2 sm:gap-3">
        <MediaToggles rights={rights} micLocked={micLocked} />
        {rights.screenshare && <ScreenShareButton />}
        {canPickDevices && (
          <RoundButton
            label={devicesOpen ? 'Hide devices' : 'Choose devices'}
            onClick={() => setDevicesOpen((o) => !o)}
          >
            <GearIcon />
          </RoundButton>
        )}
        {list && (
          <button
            type="button"
            aria-expanded={list.open}
            aria-controls={list.panelId}
            onClick={list.toggle}
            title="Participants"
            className={`inline-flex h-12 items-center gap-1.5 rounded-full px-3.5 text-sm font-medium text-white transition-colors ${
              list.open ? 'bg-indigo-500 hover:bg-indigo-400' : 'bg-white/15 hover:bg-white/25'
            }`}
          >
            <PeopleIcon />
            <span className="sr-only">Participants</span>
            <span aria-hidden="true">{participantCount}</span>
          </button>
        )}
        {extra}
        <EndForAllButton />
        <button
          type="button"
          onClick={onLeave}
          className="inline-flex h-12 items-center gap-2 rounded-full bg-red-600 px-4 text-sm font-semibold text-white hover:bg-red-500 sm:px-5"
        >
          <LeaveIcon />
          <span className="sr-only sm:not-sr-only">Leave</span>
          <span className="sr-only"> meeting</span>
        </button>
      </div>
    </div>
  );
}

/** Shares a screen or window; the browser asks which. Cancelling the browser's picker is not an error. */
function ScreenShareButton() {
  const room = useRoomContext();
  const { isScreenShareEnabled } = useLocalParticipant();
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      await room.localParticipant.setScreenShareEnabled(!isScreenShareEnabled, { audio: true });
    } catch {
      // the person closed the picker, or the browser refused: nothing changed
    } finally {
      setBusy(false);
    }
  };
  return (
    <RoundButton
      label={isScreenShareEnabled ? 'Stop sharing screen' : 'Share screen'}
      disabled={busy}
      onClick={() => void toggle()}
    >
      <ScreenIcon className={`size-5 ${isScreenShareEnabled ? 'text-emerald-300' : ''}`} />
    </RoundButton>
  );
}
