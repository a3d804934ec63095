'use client';

import { useFormStatus } from 'react-dom';
import { buttonClass, type ButtonVariant } from './button';

interface SubmitButtonProps {
  children: React.ReactNode;
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  className?: string;
  name?: string;
  value?: string;
}

/**
 * A form's submit button. While the form is sending it stays focusable (aria-disabled, not disabled), so a
 * keyboard user keeps their place, and a second press is ignored.
 */
export function SubmitButton({ children, variant, size, className, name, value }: SubmitButtonProps) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      aria-disabled={pending || undefined}
      onClick={(e) => {
        if (pending) e.preventDefault();
      }}
      className={buttonClass(variant, size, className)}
    >
      {pending && (
        <span
          aria-hidden="true"
          className="size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent"
        />
      )}
      {children}
    </button>
  );
}
