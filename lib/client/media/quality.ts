import { VideoPreset } from 'livekit-client';

/** The capture quality a person picks before joining; Low spares weak machines and slow links. */
export type VideoQuality = 'low' | 'standard' | 'high';

export const VIDEO_QUALITIES: ReadonlyArray<{ value: VideoQuality; label: string; detail: string }> = [
  { value: 'low', label: 'Low', detail: '240p' },
  { value: 'standard', label: 'Standard', detail: '360p' },
  { value: 'high', label: 'High', detail: '720p' },
];

// Capture size, frame rate and the bitrate cap of the published encoding. Low is 4:3 because that is
// what most built-in and fake cameras give natively at that size, so nothing is cropped or upscaled.
const PRESETS: Record<VideoQuality, VideoPreset> = {
  low: new VideoPreset(320, 240, 200_000, 15),
  standard: new VideoPreset(640, 360, 500_000, 24),
  high: new VideoPreset(1280, 720, 1_700_000, 30),
};

export const videoPreset = (quality: VideoQuality): VideoPreset => PRESETS[quality];

/** Simulcast sends several copies of the video; at Low there is nothing smaller worth sending. */
export const simulcastFor = (quality: VideoQuality) => quality !== 'low';

export function parseVideoQuality(value: unknown): VideoQuality {
  return value === 'low' || value === 'high' ? value : 'standard';
}
