/** Said plainly when this server has no media server: no controls that could not work. */
interface MediaUnavailableProps {
  meetingTitle: string;
  name: string;
  reason: string;
  abilities: string[];
}

export function MediaUnavailable({ meetingTitle, name, reason, abilities }: MediaUnavailableProps) {
  return (
    <section
      aria-labelledby="media-unavailable"
      className="mx-auto w-full max-w-xl rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8"
    >
      <p className="text-sm text-slate-600">{meetingTitle}</p>
      <p className="mt-1 text-sm text-slate-700">
        You are <span className="font-medium text-slate-900">{name}</span>
      </p>
      <h1 id="media-unavailable" className="mt-2 text-xl font-semibold text-slate-900">
        Audio and video are unavailable
      </h1>
      <p className="mt-3 text-slate-700">
        This server is not connected to a media server, so nobody can be seen or heard yet. Your seat is kept:
        your personal link brings you back here.
      </p>
      <p className="mt-4 rounded-lg bg-slate-50 p-3 text-sm text-slate-600">
        <span className="font-medium text-slate-800">For the host: </span>
        {reason}
      </p>
      <h2 className="mt-6 text-sm font-semibold text-slate-900">In this meeting you can</h2>
      <ul className="mt-2 space-y-1 text-sm text-slate-700">
        {abilities.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
