'use client';

import {
  usePagination,
  useSpeakingParticipants,
  useTracks,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react';
import { Track } from 'livekit-client';
import { memo } from 'react';
import { onePerSource, tileKey } from '@/lib/client/media/tiles';
import { ChevronIcon } from './icons';
import { ParticipantTile } from './participant-tile';
import { useIsNarrow } from './use-devices';

/** Columns for `n` tiles: as square a grid as fits, fewer columns on a phone. */
function columnsFor(n: number, narrow: boolean) {
  if (narrow) return n <= 2 ? 1 : 2;
  if (n <= 1) return 1;
  if (n <= 4) return 2;
  if (n <= 9) return 3;
  return 4;
}

const rank = (t: TrackReferenceOrPlaceholder) => (t.participant.isSpeaking ? 1 : 0);
const lastSpoke = (t: TrackReferenceOrPlaceholder) => t.participant.lastSpokeAt?.getTime() ?? 0;

const COLS = ['', 'grid-cols-1', 'grid-cols-2', 'grid-cols-3', 'grid-cols-4'];
const ROWS = ['', 'grid-rows-1', 'grid-rows-2', 'grid-rows-3', 'grid-rows-4'];

/**
 * Everyone's camera (or initials) and every screen share. While someone shares their screen, or a host
 * put someone in the spotlight, that fills the stage and the cameras line up beside it (below it on a
 * phone); otherwise a grid, a page at a time.
 *
 * Memoized: it follows the room through its own hooks, and re-renders only when they or the spotlight
 * change. The call around it re-renders on every breakout update, and a class's draft start brings one
 * per person arriving in their room; re-ranking and re-paging fifty tiles for each kept a page's main
 * thread busy while it published its camera in the new room.
 */
export const VideoGrid = memo(function VideoGrid({ spotlight }: { spotlight?: string | null }) {
  const narrow = useIsNarrow();
  const tracks = useTracks(
    [
      { source: Track.Source.ScreenShare, withPlaceholder: false },
      { source: Track.Source.Camera, withPlaceholder: true },
    ],
    { onlySubscribed: false },
  );
  // Re-rank when the active speakers change: whoever speaks now, then whoever spoke last, comes first.
  useSpeakingParticipants();
  const ordered = onePerSource(tracks).sort((a, b) => rank(b) - rank(a) || lastSpoke(b) - lastSpoke(a));
  const screen = ordered.find((t) => t.source === Track.Source.ScreenShare);
  if (screen) return <PresenterLayout screen={screen} others={ordered.filter((t) => t !== screen)} />;
  const spotlit = spotlight
    ? ordered.find((t) => t.participant.identity === spotlight && t.source === Track.Source.Camera)
    : undefined;
  if (spotlit) {
    return <PresenterLayout screen={spotlit} others={ordered.filter((t) => t !== spotlit)} spotlight />;
  }
  return <PagedGrid tracks={ordered} narrow={narrow} />;
});

const keyOf = tileKey;

function PresenterLayout({
  screen,
  others,
  spotlight = false,
}: {
  screen: TrackReferenceOrPlaceholder;
  others: TrackReferenceOrPlaceholder[];
  /** The stage holds a spotlit person rather than a screen share. */
  spotlight?: boolean;
}) {
  return (
    <div className="flex min-h-0 min-w-0 flex-1 flex-col gap-2 sm:flex-row sm:gap-3">
      <section aria-label={spotlight ? 'Spotlight' : 'Shared screen'} className="flex min-h-0 min-w-0 flex-1">
        <ParticipantTile trackRef={screen} />
      </section>
      {/* Off-screen tiles in this strip are paused by LiveKit's adaptive stream until scrolled into view. */}
      <ul
        aria-label="Cameras"
        className="flex h-28 shrink-0 gap-2 overflow-x-auto sm:h-auto sm:w-56 sm:flex-col sm:overflow-x-visible sm:overflow-y-auto"
      >
        {others.map((t) => (
          <li key={keyOf(t)} className="flex aspect-video h-full shrink-0 sm:h-auto sm:w-full">
            <ParticipantTile trackRef={t} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Pagination keeps tiles where they are within a page and swaps the active speakers onto the first. */
function PagedGrid({ tracks, narrow }: { tracks: TrackReferenceOrPlaceholder[]; narrow: boolean }) {
  const perPage = narrow ? 4 : 9;
  const page = usePagination(perPage, tracks);
  const shown = page.tracks.length;
  const cols = columnsFor(shown, narrow);
  const rows = Math.max(1, Math.ceil(shown / cols));

  return (
    <div className="flex min-h-0 min-w-0 flex-1 flex-col gap-2">
      <div className={`grid min-h-0 flex-1 gap-2 sm:gap-3 ${COLS[cols]} ${ROWS[rows] ?? ''}`}>
        {page.tracks.map((t) => (
          <ParticipantTile key={keyOf(t)} trackRef={t} />
        ))}
      </div>
      {page.totalPageCount > 1 && (
        <nav
          aria-label="Video pages"
          className="flex items-center justify-center gap-3 text-sm text-slate-300"
        >
          <button
            type="button"
            onClick={page.prevPage}
            disabled={page.currentPage <= 1}
            className="rounded-full p-1.5 hover:bg-white/10 disabled:opacity-40"
          >
            <ChevronIcon direction="left" />
            <span className="sr-only">Previous page</span>
          </button>
          <span aria-live="polite">
            Page {page.currentPage} of {page.totalPageCount}
          </span>
          <button
            type="button"
            onClick={page.nextPage}
            disabled={page.currentPage >= page.totalPageCount}
            className="rounded-full p-1.5 hover:bg-white/10 disabled:opacity-40"
          >
            <ChevronIcon direction="right" />
            <span className="sr-only">Next page</span>
          </button>
        </nav>
      )}
    </div>
  );
}
