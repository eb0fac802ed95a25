#!/usr/bin/env bash
# `npm run bench:lighthouse [-- RUNS]`: Lighthouse, mobile preset, on the production build (a
# measurement, not a test): RUNS runs (default 3), each category's median printed with every
# run's score. Each run is gathered once and audited twice: as recorded, and with every task of the
# page's main thread at its CPU time (scripts/lighthouse-cpu.mjs): on a machine busy with other work
# the second is what a quiet run gives; on a quiet machine the two agree. Needs the npm registry
# once (npx fetches lighthouse 12) and a Chromium (Debian's /usr/bin/chromium, or CHROME_PATH). The
# build goes to its own directory (a preview served from dist/ is left alone); the preview listens
# on LIGHTHOUSE_PORT, else 4388.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
port="${LIGHTHOUSE_PORT:-4388}"
out=node_modules/.cache/lighthouse-dist
npx vite build --logLevel warn --outDir "$out" --emptyOutDir
# setsid: the preview (npx → node) runs in a group of its own, ended as a group on exit.
setsid npx vite preview --outDir "$out" --port "$port" --strictPort --host 127.0.0.1 >/dev/null 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
url="http://127.0.0.1:$port/"
flags=(--form-factor=mobile --only-categories=performance,accessibility,best-practices --quiet)
reports=()
for i in $(seq "$runs"); do
  gathered="/tmp/nvinx-lighthouse-$port-$i"
  rm -rf "$gathered" "$gathered-cpu"
  npx -y lighthouse@12 "$url" "${flags[@]}" --chrome-flags="--headless=new --no-sandbox --disable-gpu" -G="$gathered"
  node scripts/lighthouse-cpu.mjs "$gathered" "$gathered-cpu"
  for d in "$gathered" "$gathered-cpu"; do
    npx -y lighthouse@12 "$url" "${flags[@]}" -A="$d" --output=json --output-path="$d.json"
  done
  reports+=("$gathered.json")
done
node -e '
const rs = process.argv.slice(1).map((f) => require(f));
const cpu = process.argv.slice(1).map((f) => require(f.replace(/\.json$/, "-cpu.json")));
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const show = (k, xs) => k === "cumulative-layout-shift" ? xs.map((x) => x.toFixed(3)) : xs.map((x) => x.toFixed(0));
console.log(`Lighthouse mobile, median of ${rs.length} runs (each run in brackets); "at CPU time": the same runs, each task at its CPU time:`);
for (const k of Object.keys(rs[0].categories)) {
  const xs = rs.map((r) => r.categories[k].score);
  const ys = cpu.map((r) => r.categories[k].score);
  console.log(`${k.padEnd(26)} ${med(xs)} (${xs.join(", ")});  at CPU time ${med(ys)} (${ys.join(", ")})`);
}
for (const k of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"]) {
  const xs = rs.map((r) => r.audits[k].numericValue);
  const ys = cpu.map((r) => r.audits[k].numericValue);
  const unit = k === "cumulative-layout-shift" ? "" : " ms";
  console.log(`${k.padEnd(26)} ${show(k, [med(xs)])[0]}${unit} (${show(k, xs).join(", ")});  at CPU time ${show(k, [med(ys)])[0]}${unit} (${show(k, ys).join(", ")})`);
}
console.log(`Load average: ${require("os").loadavg().map((x) => x.toFixed(2)).join(", ")}`);
' "${reports[@]}"
