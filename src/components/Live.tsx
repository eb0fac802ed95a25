import type { ReactNode } from 'react';

/**
 * A live region that is always in the page, with its message inside it or empty: a screen
 * reader announces a live region's changes only when the region was in the accessibility tree
 * before them — a region mounted with its text, or shown after `display: none`, is often read
 * out by none. Draw the message's box inside; never hide the region itself.
 */
export function Live({
  children,
  className,
  alert = false,
}: {
  children: ReactNode;
  className?: string;
  /** An interruption (role=alert), not a polite status. */
  alert?: boolean;
}) {
  return (
    <div role={alert ? 'alert' : 'status'} className={className}>
      {children}
    </div>
  );
}
