'use client';

import { usePagination, useTracks } from '@livekit/components-react';
import { Track } from 'livekit-client';
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

const COLS = ['', 'grid-cols-1', 'grid-cols-2', 'grid-cols-3', 'grid-cols-4'];
const ROWS = ['', 'grid-rows-1', 'grid-rows-2', 'grid-rows-3', 'grid-rows-4'];

/**
 * Everyone's camera (or initials) and every screen share, a page at a time. Pagination keeps the active
 * speakers on the page in view (LiveKit's visual-stable ordering), and video of other pages is paused.
 */
export function VideoGrid() {
  const narrow = useIsNarrow();
  const tracks = useTracks(
    [
      { source: Track.Source.ScreenShare, withPlaceholder: false },
      { source: Track.Source.Camera, withPlaceholder: true },
    ],
    { onlySubscribed: false },
  );
  const perPage = narrow ? 4 : 9;
  const page = usePagination(perPage, tracks);
  const shown = page.tracks.length;
  const cols = columnsFor(shown, narrow);
  const rows = Math.max(1, Math.ceil(shown / cols));

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <div className={`grid min-h-0 flex-1 gap-2 sm:gap-3 ${COLS[cols]} ${ROWS[rows] ?? ''}`}>
        {page.tracks.map((t) => (
          <ParticipantTile key={`${t.participant.identity}:${t.source}`} trackRef={t} />
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
