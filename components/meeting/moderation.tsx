'use client';

import { useIsMuted } from '@livekit/components-react';
import { Track, type Participant } from 'livekit-client';
import { createContext, useContext, useId, useRef, useState, type ReactNode } from 'react';
import { moderation } from '@/lib/client/moderation';
import type { ModerationRights } from '@/lib/moderation/rights';

/** What the call's moderation controls need: the rights, who this is, where they are, who is spotlit. */
export interface CallModeration {
  rights: ModerationRights;
  selfId: string;
  /** The meeting or room this person is in now (it changes with every move). */
  meetingId: () => string;
  spotlight: string | null;
}

interface Ctx extends CallModeration {
  /** Says the outcome of an action in the call's live region. */
  report: (message: string) => void;
}

export const ModerationContext = createContext<Ctx | undefined>(undefined);

const useModeration = () => useContext(ModerationContext);

async function attempt(ctx: Ctx, action: () => Promise<unknown>, done?: string) {
  try {
    await action();
    if (done) ctx.report(done);
  } catch (err) {
    ctx.report(err instanceof Error ? err.message : 'That did not work. Try again.');
  }
}

const small =
  'rounded-md px-2 py-1 text-xs font-medium text-slate-200 ring-1 ring-white/15 hover:bg-white/10 disabled:opacity-50';

/** A person's moderation buttons in the participant list: mute, camera off, spotlight, remove. */
export function PersonActions({ participant }: { participant: Participant }) {
  const ctx = useModeration();
  const micMuted = useIsMuted({ participant, source: Track.Source.Microphone });
  const cameraOff = useIsMuted({ participant, source: Track.Source.Camera });
  if (!ctx || participant.isLocal) return null;
  const { rights } = ctx;
  const id = participant.identity;
  const name = participant.name || 'this person';
  const spotlit = ctx.spotlight === id;
  return (
    <div className="flex flex-wrap gap-1.5 pt-1.5">
      {rights.mute && !micMuted && (
        <button
          type="button"
          className={small}
          onClick={() => void attempt(ctx, () => moderation.mute(ctx.meetingId(), id), `${name} is muted.`)}
        >
          Mute<span className="sr-only"> {name}</span>
        </button>
      )}
      {rights.muteVideo && !cameraOff && (
        <button
          type="button"
          className={small}
          onClick={() =>
            void attempt(ctx, () => moderation.muteVideo(ctx.meetingId(), id), `${name}'s camera is off.`)
          }
        >
          Camera off<span className="sr-only"> for {name}</span>
        </button>
      )}
      {rights.spotlight && (
        <button
          type="button"
          className={small}
          aria-pressed={spotlit}
          onClick={() => void attempt(ctx, () => moderation.spotlight(ctx.meetingId(), spotlit ? null : id))}
        >
          {spotlit ? 'Remove spotlight' : 'Spotlight'}
          <span className="sr-only"> {name}</span>
        </button>
      )}
      {rights.kick && <RemoveButton id={id} name={name} />}
    </div>
  );
}

function RemoveButton({ id, name }: { id: string; name: string }) {
  const ctx = useModeration()!;
  const [fromMeeting, setFromMeeting] = useState(false);
  return (
    <CallConfirm
      trigger={
        <>
          Remove<span className="sr-only"> {name}</span>
        </>
      }
      triggerClass={`${small} text-red-200`}
      title={`Remove ${name} from the call?`}
      confirmText={`Remove ${name}`}
      onConfirm={() =>
        attempt(ctx, () => moderation.kick(ctx.meetingId(), id, fromMeeting), `${name} was removed.`)
      }
    >
      <p>They are disconnected at once and their page says they were removed.</p>
      <label className="mt-3 flex items-start gap-2">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={fromMeeting}
          onChange={(e) => setFromMeeting(e.target.checked)}
        />
        <span>Also remove them from the meeting: their join link stops working.</span>
      </label>
    </CallConfirm>
  );
}

/** "Mute all" for the participant list's header, confirmed; optionally keeping microphones off. */
export function MuteAllButton() {
  const ctx = useModeration();
  const [allowUnmute, setAllowUnmute] = useState(true);
  if (!ctx?.rights.mute) return null;
  return (
    <CallConfirm
      trigger="Mute all"
      triggerClass={small}
      title="Mute everyone here?"
      confirmText="Mute all"
      onConfirm={() => attempt(ctx, () => moderation.muteAll(ctx.meetingId(), allowUnmute))}
    >
      <p>Every microphone in this room but yours is turned off.</p>
      <label className="mt-3 flex items-start gap-2">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={allowUnmute}
          onChange={(e) => setAllowUnmute(e.target.checked)}
        />
        <span>Let people unmute themselves</span>
      </label>
    </CallConfirm>
  );
}

/** "End meeting for all" beside Leave, confirmed: every room of the meeting ends. */
export function EndForAllButton() {
  const ctx = useModeration();
  if (!ctx?.rights.kick) return null;
  return (
    <CallConfirm
      trigger="End meeting for all"
      triggerClass="inline-flex h-12 items-center rounded-full bg-red-900 px-4 text-sm font-semibold text-white ring-1 ring-red-400/40 hover:bg-red-800"
      title="End the meeting for everyone?"
      confirmText="End meeting for all"
      onConfirm={() => attempt(ctx, () => moderation.endForAll(ctx.meetingId()))}
    >
      <p>
        Everyone in the main meeting and in every breakout room is disconnected, and the meeting becomes
        inactive: nobody can join until it is activated again on the dashboard.
      </p>
    </CallConfirm>
  );
}

interface CallConfirmProps {
  trigger: ReactNode;
  triggerClass: string;
  title: string;
  confirmText: string;
  onConfirm: () => Promise<void>;
  children: ReactNode;
}

/**
 * A destructive action behind a native modal dialog: focus is trapped, Escape closes it and focus goes
 * back to the trigger. Cancel has focus first, so Enter never destroys by accident.
 */
function CallConfirm({ trigger, triggerClass, title, confirmText, onConfirm, children }: CallConfirmProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button type="button" className={triggerClass} onClick={() => dialog.current?.showModal()}>
        {trigger}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-xl border border-white/10 bg-slate-800 p-5 text-sm text-slate-200 shadow-xl backdrop:bg-slate-950/60"
      >
        <h2 id={titleId} className="text-base font-semibold text-white">
          {title}
        </h2>
        <div className="mt-2">{children}</div>
        <div className="mt-5 flex justify-end gap-2">
          <button
            type="button"
            autoFocus
            onClick={() => dialog.current?.close()}
            className="rounded-lg px-3 py-2 font-medium text-slate-200 ring-1 ring-white/20 hover:bg-white/10"
          >
            Cancel
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void onConfirm().finally(() => {
                setBusy(false);
                dialog.current?.close();
              });
            }}
            className="rounded-lg bg-red-600 px-3 py-2 font-semibold text-white hover:bg-red-500 disabled:opacity-60"
          >
            {confirmText}
          </button>
        </div>
      </dialog>
    </>
  );
}
