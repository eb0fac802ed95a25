#!/usr/bin/env bash
# Lighthouse, mobile preset, on the production build (a measurement, not a test).
# Needs the npm registry once (npx fetches lighthouse 12) and a Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
npx vite build --logLevel warn
npx vite preview --port 4388 --strictPort --host 127.0.0.1 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; pkill -f "vite preview --port 4388" || true' EXIT
sleep 2
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
npx -y lighthouse@12 http://127.0.0.1:4388/ --form-factor=mobile \
  --only-categories=performance,accessibility,best-practices \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu" --output=json --output-path=/tmp/nvinx-lighthouse.json --quiet
node -e "const r=require('/tmp/nvinx-lighthouse.json');for(const [k,v] of Object.entries(r.categories))console.log(k.padEnd(16),v.score);const a=r.audits;for(const k of ['first-contentful-paint','largest-contentful-paint','total-blocking-time','cumulative-layout-shift'])console.log(k.padEnd(26),a[k].displayValue)"
