import type { ConnectedMeetings } from '@/lib/client/connected-meetings';
import type { CallEnding } from '@/lib/client/media/disconnect';

/**
 * After the media server removed this browser, asks whether that was a move its media did not follow in
 * time (the seat still works and the server has the person in another room): then the page follows it, or,
 * when it cannot, says so and offers Rejoin, which lands in that room (`where` names it). Undefined when it
 * was a real removal or the server cannot say.
 */
export async function movedAwayEnding(
  cm: ConnectedMeetings,
  selfId: string,
  mediaRoom: string | undefined,
): Promise<(CallEnding & { where: string }) | undefined> {
  try {
    const state = await cm.getConnectedMeetings();
    const here = [state.parentMeeting, ...state.meetings].find((m) =>
      m.participants.some((p) => p.id === selfId),
    );
    if (!here || here.id === mediaRoom) return undefined;
    const where = here.id === state.parentMeeting.id ? 'the main meeting' : here.title;
    return {
      kind: 'lost',
      title: `You were moved to ${where}`,
      message: 'Your audio and video did not follow in time. Rejoin to continue there.',
      canRejoin: true,
      where,
    };
  } catch {
    return undefined; // removed for real (the seat no longer works), or offline
  }
}
