#!/usr/bin/env bash
# Opens `peerlint report corpus/` in headless Chromium (Debian's package,
# installed when missing) driven by playwright-core: the run fails on any
# JavaScript console error or page error, on an empty page, or on a page
# without a drawn picture; it leaves a screenshot. SCREENSHOT=path keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
(cd "$work" && npm install --silent --no-save --no-audit --no-fund playwright-core@1 >/dev/null)

cargo build --locked --quiet
./target/debug/peerlint report corpus/ -o "$work/audit.html" 2>/dev/null
./target/debug/peerlint report corpus/carrier -o "$work/carrier.html" 2>/dev/null

cat > "$work/open.js" <<'JS'
const { chromium } = require("playwright-core");
(async () => {
  const [page_path, shot] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1700 } });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("request", (r) => { if (!r.url().startsWith("file:")) problems.push("request: " + r.url()); });
  await page.goto("file://" + page_path, { waitUntil: "load" });
  const title = await page.title();
  const text = (await page.textContent("body")) || "";
  const svg = await page.$("figure.picture svg");
  const box = svg ? await svg.boundingBox() : null;
  // The script ran: the filter box shows, and a click on a header sorts.
  await page.screenshot({ path: shot });
  const filterShown = await page.isVisible("#sessions-filter");
  await page.click("#sessions-table th:nth-child(3)");
  await browser.close();
  if (title !== "peerlint audit") problems.push("title: " + title);
  if (text.trim().length < 200) problems.push("the page is empty");
  if (!box || box.width < 50 || box.height < 50) problems.push("no picture is drawn");
  if (!filterShown) problems.push("the script did not run (the filter stays hidden)");
  if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
  console.log(`browser: ${page_path}: opened, ${text.length} characters, picture ${Math.round(box.width)}x${Math.round(box.height)}, no console error`);
})().catch((e) => { console.error(e); process.exit(1); });
JS
for page in audit carrier; do
  NODE_PATH="$work/node_modules" node "$work/open.js" "$work/$page.html" "$work/$page.png"
done
if [ -n "${SCREENSHOT:-}" ]; then cp "$work/carrier.png" "$SCREENSHOT"; fi
