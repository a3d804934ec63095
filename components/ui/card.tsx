import type { ReactNode } from 'react';

interface CardProps {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** id of the heading, for in-page links. */
  id?: string;
}

/** A titled section of a page. */
export function Card({ title, description, actions, children, className, id }: CardProps) {
  return (
    // No aria-labelledby: a named region would share its name with the form fields inside it (for
    // example "Invite link"), and the heading already gives the section its place in the outline.
    <section className={`min-w-0 rounded-xl border border-slate-200 bg-white shadow-sm ${className ?? ''}`}>
      {title && (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
          <div>
            <h2 id={id} className="text-base font-semibold text-slate-900">
              {title}
            </h2>
            {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
          </div>
          {actions}
        </header>
      )}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
