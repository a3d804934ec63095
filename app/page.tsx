import Link from 'next/link';
import { Brand } from '@/components/brand';
import { ButtonLink } from '@/components/ui/button';
import { currentHost } from '@/lib/auth/session';
import { env } from '@/lib/env';

const FEATURES = [
  {
    title: 'Personal join links',
    text: 'Add participants and give each one their own link. No accounts for them, and you can replace or revoke any link.',
  },
  {
    title: 'Presets you define',
    text: 'Decide who may use the microphone, camera or screen sharing, chat, run polls, record, or move between rooms.',
  },
  {
    title: 'Breakout rooms',
    text: 'Split a meeting into rooms, move people between them and bring everyone back. Each room is a full meeting of its own.',
  },
  {
    title: 'A REST API',
    text: 'Everything the dashboard does, your own systems can do too, with an API key and a documented JSON API.',
  },
];

export default async function HomePage() {
  const host = await currentHost();
  const allowSignup = env().ALLOW_SIGNUP;
  return (
    <div className="min-h-screen">
      <header className="mx-auto flex max-w-5xl items-center justify-between px-4 py-5 sm:px-6">
        <Brand />
        <Link href="/docs/api" className="rounded-md text-sm font-medium text-slate-600 hover:text-slate-900">
          API docs
        </Link>
      </header>

      <main className="mx-auto max-w-5xl px-4 pb-20 sm:px-6">
        <section className="py-16 sm:py-24">
          <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase">
            Self-hosted meetings
          </p>
          <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
            Meetings with breakout rooms, on your own server.
          </h1>
          <p className="mt-5 max-w-2xl text-lg text-slate-600">
            Create a meeting, add the people who should be there, and send each of them a personal link. Split
            them into breakout rooms and bring them back, with audio, video and chat in every room.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            {host ? (
              <ButtonLink href="/dashboard">Go to dashboard</ButtonLink>
            ) : (
              <>
                {allowSignup && <ButtonLink href="/signup">Sign up</ButtonLink>}
                <ButtonLink href="/signin" variant="secondary">
                  Sign in
                </ButtonLink>
              </>
            )}
          </div>
        </section>

        <section aria-labelledby="features" className="border-t border-slate-200 pt-12">
          <h2 id="features" className="sr-only">
            What you can do
          </h2>
          <ul className="grid gap-6 sm:grid-cols-2">
            {FEATURES.map((f) => (
              <li key={f.title} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                <h3 className="font-semibold text-slate-900">{f.title}</h3>
                <p className="mt-2 text-sm text-slate-600">{f.text}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>

      <footer className="border-t border-slate-200 py-6 text-center text-sm text-slate-500">
        Breakout is open source and runs on your own server.
      </footer>
    </div>
  );
}
