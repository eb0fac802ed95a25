import { excerpt, messageParts, where } from '../../bench/messages';
import type { Issue } from '../../bench/issues';

const SHOWN = 50;

/** Every problem of a failed import: where (line, column, field), what, and the lines themselves. */
export function IssueList({ issues, text, label }: { issues: readonly Issue[]; text: string; label: string }) {
  if (issues.length === 0) return null;
  return (
    <>
      <h3 className="issues-title">
        {label} ({issues.length})
      </h3>
      <ol className="issues">
        {issues.slice(0, SHOWN).map((i, k) => {
          const lines = excerpt(text, i.line, i.column);
          // The message names its field (once): the path is marked up where the message says it.
          const { path, rest } = messageParts(i);
          return (
            <li key={k} className={i.severity}>
              <p>
                <strong>{where(i)}</strong>
                {': '}
                {path === '' ? null : <code>{path}</code>}
                {rest}
              </p>
              {lines === null ? null : (
                <pre className="excerpt" aria-label={`Lines around ${where(i)}`}>
                  {lines}
                </pre>
              )}
            </li>
          );
        })}
      </ol>
      {issues.length > SHOWN ? <p className="muted">…and {issues.length - SHOWN} more.</p> : null}
    </>
  );
}
