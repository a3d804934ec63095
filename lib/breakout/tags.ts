// Participant tags ("mentor", "table 3"): short labels hosts give people, used to spread them over rooms.
// Pure, shared by the input schema, the assignment service and the draft editor.

/** The most tags one participant carries, and the longest tag. */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** Tags compare without case: "Mentor" and "mentor" are one tag. */
export const tagKey = (tag: string) => tag.trim().toLowerCase();

/** The tags with duplicates (without case) dropped, the first spelling kept, in their order. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const k = tagKey(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether someone carries `tag` (without case). */
export const hasTag = (tags: readonly string[] | undefined, tag: string) =>
  (tags ?? []).some((t) => tagKey(t) === tagKey(tag));

/** Every tag carried by someone in `people`, each once (first spelling), sorted without case. */
export function tagsPresent(people: ReadonlyArray<{ tags?: readonly string[] }>): string[] {
  return uniqueTags(people.flatMap((p) => p.tags ?? [])).sort((a, b) => tagKey(a).localeCompare(tagKey(b)));
}
