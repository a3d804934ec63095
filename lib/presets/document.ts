import { z } from 'zod';
import type { Permissions } from './permissions';

// The parts of RealtimeKit's preset document we store and return as given but do not act on: `config`
// (view type, video quality…) and `ui` (design tokens). A preset that never had them answers with the
// defaults below, so every field RealtimeKit's SDK declares as required is there.

const quality = z.enum(['hd', 'vga', 'qvga', 'fhd', 'uhd']);
const count = z.number().int().min(0);
const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape).partial();

export const presetConfigSchema = strict({
  view_type: z.enum(['GROUP_CALL', 'WEBINAR', 'AUDIO_ROOM', 'LIVESTREAM']),
  max_screenshare_count: count,
  max_video_streams: strict({ desktop: count, mobile: count }),
  media: strict({
    video: strict({ quality, frame_rate: count, simulcast: z.boolean() }),
    screenshare: strict({ quality, frame_rate: count }),
    audio: strict({ enable_high_bitrate: z.boolean(), enable_stereo: z.boolean() }),
  }),
  livestream_viewer_qualities: z.array(z.number()).nullable(),
});

const color = z.string().max(64);
export const presetUiSchema = strict({
  design_tokens: strict({
    border_radius: z.enum(['sharp', 'rounded', 'extra-rounded', 'circular']),
    border_width: z.enum(['none', 'thin', 'fat']),
    colors: strict({
      background: strict({ '600': color, '700': color, '800': color, '900': color, '1000': color }),
      brand: strict({ '300': color, '400': color, '500': color, '600': color, '700': color }),
      danger: color,
      success: color,
      text: color,
      text_on_brand: color,
      video_bg: color,
      warning: color,
    }),
    spacing_base: z.number(),
    theme: z.enum(['darkest', 'dark', 'light']),
    font_family: z.string().max(200),
    google_font: z.string().max(200),
    logo: z.string().max(2048),
  }),
});

export const DEFAULT_PRESET_CONFIG = {
  view_type: 'GROUP_CALL',
  max_screenshare_count: 1,
  max_video_streams: { desktop: 25, mobile: 6 },
  media: { video: { quality: 'vga', frame_rate: 30 }, screenshare: { quality: 'hd', frame_rate: 5 } },
};

export const DEFAULT_PRESET_UI = {
  design_tokens: {
    border_radius: 'rounded',
    border_width: 'thin',
    colors: {
      background: {
        '600': '#222222',
        '700': '#1f1f1f',
        '800': '#1b1b1b',
        '900': '#181818',
        '1000': '#141414',
      },
      brand: { '300': '#844d1c', '400': '#9d5b22', '500': '#b56927', '600': '#d37c30', '700': '#d9904f' },
      danger: '#FF2D2D',
      success: '#62A504',
      text: '#EEEEEE',
      text_on_brand: '#EEEEEE',
      video_bg: '#191919',
      warning: '#FFCD07',
    },
    spacing_base: 4,
    theme: 'dark',
  },
};

/** RealtimeKit's permission fields we do not act on, as a preset that never set them answers them. */
export const DEFAULT_REFERENCE_PERMISSIONS = {
  accept_waiting_requests: false,
  can_accept_production_requests: false,
  can_change_participant_permissions: false,
  can_edit_display_name: false,
  can_livestream: false,
  disable_participant_screensharing: false,
  pin_participant: false,
  plugins: { can_close: false, can_edit_config: false, can_start: false, config: {} },
  recorder_type: 'NONE',
  waiting_room_type: 'SKIP',
  chat: {
    public: { text: true, files: true },
    private: { can_send: true, can_receive: true, text: true, files: true },
  },
};

/** `base` with `over` laid on top, key by key (arrays and values of `over` win). */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The whole preset document as answered: what was stored, over the defaults of what was not. */
export function fullPresetDocument(p: {
  permissions: Permissions;
  config: Record<string, unknown> | null;
  ui: Record<string, unknown> | null;
}) {
  return {
    permissions: deepMerge(DEFAULT_REFERENCE_PERMISSIONS, p.permissions) as Permissions,
    config: deepMerge(DEFAULT_PRESET_CONFIG, p.config ?? {}) as Record<string, unknown>,
    ui: deepMerge(DEFAULT_PRESET_UI, p.ui ?? {}) as Record<string, unknown>,
  };
}
