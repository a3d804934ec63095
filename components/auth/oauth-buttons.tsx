import { buttonClass } from '@/components/ui/button';

interface OAuthButtonsProps {
  providers: Array<{ id: string; name: string }>;
  action: (form: FormData) => Promise<void>;
}

/** "Continue with GitHub/Google", shown only for the providers this deployment has keys for. */
export function OAuthButtons({ providers, action }: OAuthButtonsProps) {
  if (providers.length === 0) return null;
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3 text-xs text-slate-500">
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      {providers.map((p) => (
        <form key={p.id} action={action}>
          <input type="hidden" name="provider" value={p.id} />
          <button type="submit" className={buttonClass('secondary', 'md', 'w-full')}>
            Continue with {p.name}
          </button>
        </form>
      ))}
    </div>
  );
}
