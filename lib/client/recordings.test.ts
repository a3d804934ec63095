import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectedMeetings } from './connected-meetings';
import { Emitter } from './emitter';
import type { RecordingDto } from './recording-dto';
import { RecordingWatch } from './recordings';

// The watch's rules, with a stand-in for the event stream and for the server's answers: a read overtaken
// by an event for the same room is dropped, a stop clears the room, late news of an older recording does
// not hide the one under way.

const rec = (id: string, meetingId: string, status: RecordingDto['status']): RecordingDto => ({
  id,
  session_id: null,
  audio_download_url: null,
  meeting_id: meetingId,
  main_meeting_id: 'main',
  room_title: meetingId,
  status,
  invoked_time: '2026-01-01T00:00:00.000Z',
  started_time: null,
  stopped_time: null,
  recording_duration: null,
  file_size: null,
  output_file_name: null,
  download_url: null,
  download_url_expiry: null,
  start_reason: { reason: 'API_CALL', caller: { name: 'Hana', type: 'USER' } },
  stop_reason: null,
  error: null,
});

class FakeStream extends Emitter<{
  roomEvent: (e: { type: string; payload: unknown }, id: number) => void;
  resync: () => void;
  stateUpdate: () => void;
  meetingChanged: (id: string) => void;
}> {
  currentMeetingId = 'room1';
  moved(to: string) {
    this.currentMeetingId = to;
    this.emit('meetingChanged', to);
  }
  send(r: RecordingDto) {
    this.emit('roomEvent', { type: 'recording_updated', payload: { recording: r } }, 1);
  }
}

/** Answers GET active-recording with whatever `answers` holds when the test releases it. */
function serve(answers: Record<string, RecordingDto | null>) {
  const pending: Array<() => void> = [];
  vi.stubGlobal('fetch', (url: string) => {
    const id = url.split('/').pop()!;
    return new Promise((resolve) => {
      pending.push(() =>
        resolve(new Response(JSON.stringify({ success: true, data: answers[id] ?? null }), { status: 200 })),
      );
    });
  });
  return {
    releaseAll: async () => {
      pending.splice(0).forEach((r) => r());
      await new Promise((r) => setTimeout(r, 10));
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('RecordingWatch', () => {
  it('reads the room on arrival, then follows events', async () => {
    const server = serve({ room1: rec('a', 'room1', 'RECORDING') });
    const cm = new FakeStream();
    const watch = new RecordingWatch(cm as unknown as ConnectedMeetings, () => [cm.currentMeetingId]);
    watch.start();
    expect(watch.active('room1')).toBeUndefined();
    await server.releaseAll();
    expect(watch.active('room1')?.id).toBe('a');
    cm.send(rec('a', 'room1', 'UPLOADING'));
    expect(watch.active('room1')).toBeUndefined();
  });

  it('drops a read that an event for the same room overtook', async () => {
    const server = serve({ room1: null });
    const cm = new FakeStream();
    const watch = new RecordingWatch(cm as unknown as ConnectedMeetings, () => [cm.currentMeetingId]);
    watch.start();
    cm.send(rec('b', 'room1', 'INVOKED')); // arrives while the read (answering "none") is on its way
    await server.releaseAll();
    expect(watch.active('room1')?.id).toBe('b');
  });

  it('keeps the recording under way when an older one finishes late', () => {
    serve({});
    const cm = new FakeStream();
    const watch = new RecordingWatch(cm as unknown as ConnectedMeetings, () => []);
    watch.start();
    cm.send(rec('new', 'room1', 'RECORDING'));
    cm.send(rec('old', 'room1', 'UPLOADED'));
    expect(watch.active('room1')?.id).toBe('new');
  });

  it('reads the new room after a move', async () => {
    const server = serve({ room1: null, room2: rec('c', 'room2', 'RECORDING') });
    const cm = new FakeStream();
    const watch = new RecordingWatch(cm as unknown as ConnectedMeetings, () => [cm.currentMeetingId]);
    watch.start();
    await server.releaseAll();
    cm.moved('room2');
    await server.releaseAll();
    expect(watch.active('room2')?.id).toBe('c');
    expect(watch.active('room1')).toBeUndefined();
  });
});
