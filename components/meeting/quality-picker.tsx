'use client';

import * as localMedia from '@/lib/client/media/local-media';
import { VIDEO_QUALITIES, type VideoQuality } from '@/lib/client/media/quality';

/** Low, Standard or High video; remembered in this browser. */
export function QualityPicker({ value }: { value: VideoQuality }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Video quality</legend>
      <div className="mt-1.5 grid grid-cols-3 gap-1 rounded-lg bg-slate-100 p-1">
        {VIDEO_QUALITIES.map((q) => (
          <label
            key={q.value}
            className="flex cursor-pointer flex-col items-center rounded-md px-2 py-1.5 text-sm text-slate-700 has-checked:bg-white has-checked:text-slate-900 has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-indigo-600"
          >
            <input
              type="radio"
              name="video-quality"
              value={q.value}
              checked={value === q.value}
              onChange={() => void localMedia.setQuality(q.value)}
              className="sr-only"
            />
            <span className="font-medium">{q.label}</span>
            <span className="text-xs text-slate-600">{q.detail}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
