// Initials on a colour picked from the name, so the same person keeps the same colour everywhere.
const COLOURS = [
  'bg-indigo-500',
  'bg-emerald-600',
  'bg-sky-600',
  'bg-amber-600',
  'bg-rose-500',
  'bg-violet-500',
];

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return (
    letters
      .map((w) => Array.from(w ?? '')[0] ?? '')
      .join('')
      .toUpperCase() || '?'
  );
}

function colourOf(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLOURS[h % COLOURS.length]!;
}

const SIZES = {
  sm: 'size-8 text-xs',
  md: 'size-14 text-lg sm:size-16 sm:text-xl',
  lg: 'size-20 text-2xl sm:size-24 sm:text-3xl',
};

interface AvatarProps {
  name: string;
  /** A picture URL; initials are shown without one. */
  picture?: string | null;
  size?: keyof typeof SIZES;
}

export function Avatar({ name, picture, size = 'md' }: AvatarProps) {
  if (picture) {
    return (
      // A participant's picture is any URL the host gave: next/image would need every host allow-listed.
      <img src={picture} alt="" className={`shrink-0 rounded-full object-cover ${SIZES[size]}`} />
    );
  }
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white ${SIZES[size]} ${colourOf(name)}`}
    >
      {initials(name)}
    </span>
  );
}
