import { Brand } from '@/components/brand';
import { describePermissions, type Permissions } from '@/lib/presets/permissions';

interface MeetingLobbyProps {
  meetingTitle: string;
  name: string;
  presetName: string;
  permissions: Permissions;
}

/** The participant's view of a meeting: who they are here and what they may do. */
export function MeetingLobby({ meetingTitle, name, presetName, permissions }: MeetingLobbyProps) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center px-4 py-3 sm:px-6">
          <Brand />
        </div>
      </header>
      <main className="mx-auto max-w-3xl space-y-6 px-4 py-10 sm:px-6">
        <div>
          <p className="text-sm text-slate-600">Meeting</p>
          <h1 className="text-2xl font-semibold break-words text-slate-900">{meetingTitle}</h1>
        </div>
        <section aria-labelledby="you" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="you" className="text-lg font-semibold text-slate-900">
            You are {name}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Preset: <span className="font-medium text-slate-900">{presetName}</span>
          </p>
          <h3 className="mt-5 text-sm font-semibold text-slate-900">In this meeting you can</h3>
          <ul className="mt-2 space-y-1.5 text-sm text-slate-700">
            {describePermissions(permissions).map((line) => (
              <li key={line} className="flex gap-2">
                <span aria-hidden="true" className="text-emerald-600">
                  ✓
                </span>
                {line}
              </li>
            ))}
          </ul>
        </section>
        <section
          aria-labelledby="media"
          className="rounded-xl border border-dashed border-slate-300 bg-slate-50 p-6 text-sm text-slate-700"
        >
          <h2 id="media" className="font-semibold text-slate-900">
            Audio and video
          </h2>
          <p className="mt-1">
            Audio and video start here once this server is connected to its media server. Keep this page: your
            personal link brings you back to it at any time.
          </p>
        </section>
      </main>
    </div>
  );
}
