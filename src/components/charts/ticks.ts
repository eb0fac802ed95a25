/**
 * The ticks of a chart's value axis from 0 to `max`: about `target` of them at a "nice" step
 * (1, 2, 2.5 or 5 × a power of ten; whole numbers only when `whole`), never past `max`.
 */
export function axisTicks(max: number, whole: boolean, target = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0];
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  if (whole) step = Math.max(1, Math.ceil(step));
  const ticks: number[] = [];
  // Multiples of the step, rounded to its precision (0.1 + 0.2 is not 0.30000000000000004 here).
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = 0; i * step <= max * (1 + 1e-9); i++) ticks.push(Number((i * step).toFixed(digits)));
  return ticks;
}
