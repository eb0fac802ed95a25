import { lazyPart } from '../LazyPart';
import { memo, useEffect, useId, useRef, useState } from 'react';
import { gb } from '../../core/pyformat';
import { plural } from '../../core/words';
import type { StackedBarProps } from './palette';

const CHART_LOADING = <div className="chart chart-loading" aria-hidden="true" />;
const StackedBar = lazyPart(() => import('./StackedBar'), { what: 'the chart', loading: CHART_LOADING });

/**
 * True once the element has come near the viewport (charts below the fold are drawn when
 * scrolled to, so opening the page on a phone does not lay out every chart at once).
 * Without IntersectionObserver (tests, old browsers) everything is drawn at once.
 */
function useNearViewport<T extends Element>() {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (near || el === null) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          io.disconnect();
        }
      },
      { rootMargin: '300px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [near]);
  return [ref, near] as const;
}

/**
 * A chart with its accessible name and its text equivalent: the legend is a table of the
 * same numbers, so a screen reader (or a colour-blind reader) gets everything the bar shows.
 */
type ChartFigureProps = StackedBarProps & { readonly summary: string };

const sameSegments = (a: StackedBarProps['segments'], b: StackedBarProps['segments']) =>
  a.length === b.length &&
  a.every((s, i) => {
    const t = b[i]!;
    return (
      s.key === t.key && s.label === t.label && s.value === t.value && s.color === t.color && s.hatched === t.hatched
    );
  });

/** Equal when every number, word and colour is: the parent's new objects alone do not redraw a chart. */
function sameChart(a: ChartFigureProps, b: ChartFigureProps): boolean {
  return (
    a.title === b.title &&
    a.unit === b.unit &&
    a.max === b.max &&
    a.summary === b.summary &&
    a.reference?.value === b.reference?.value &&
    a.reference?.label === b.reference?.label &&
    sameSegments(a.segments, b.segments)
  );
}

/**
 * A chart re-renders only when its numbers change: a window re-planned after an edit redraws its changed chart, not its others.
 */
export const ChartFigure = memo(function ChartFigure(props: ChartFigureProps) {
  const id = useId();
  const [ref, near] = useNearViewport<HTMLElement>();
  const total = props.segments.reduce((a, s) => a + s.value, 0);
  return (
    <figure className="figure" ref={ref} aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>{props.title}</strong> — {props.summary}
      </figcaption>
      {near ? <StackedBar {...props} /> : CHART_LOADING}
      <table className="legend">
        <caption className="sr-only">
          {props.title}: {props.summary}
        </caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Size ({props.unit})</th>
            <th scope="col">
              Share of {gb(props.max)} {props.unit}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.segments.map((s) => (
            <tr key={s.key}>
              <th scope="row">
                <span
                  className={`swatch${s.hatched === true ? ' hatched' : ''}`}
                  style={{ background: s.hatched === true ? undefined : s.color }}
                  aria-hidden="true"
                />
                {s.label}
              </th>
              <td>{props.unit === 'cores' ? plural(s.value, 'core') : `${gb(s.value)} GB`}</td>
              <td className="muted">{props.max > 0 ? `${Math.round((s.value / props.max) * 100)}%` : '—'}</td>
            </tr>
          ))}
          {props.reference === undefined ? null : (
            <tr>
              <th scope="row">
                <span className="swatch line" aria-hidden="true" />
                {props.reference.label}
              </th>
              <td>
                {gb(props.reference.value)} {props.unit}
              </td>
              <td className="muted">{total > props.max ? 'over the axis' : ''}</td>
            </tr>
          )}
        </tbody>
      </table>
    </figure>
  );
}, sameChart);
