#!/usr/bin/env node
// serve.js — pks serve's page in a real browser (issue #25): headless
// Chromium (Debian's /usr/bin/chromium) driven by playwright-core. The page
// is loaded at 1 400 px; a unit's beds are changed as a person would (the
// unit picked, the change typed); the answer it shows is checked against
// `pks compare` of the same plan files and seed, number for number and as
// displayed; a wrong cell is marked; a long comparison is cancelled; no text
// overlaps or leaves the page, and the visible words are Swedish.
// Screenshots go to PKS_ARTIFACT_DIR (docs/serve.md describes them).
// Speaks TAP; skips with the reason when node's package, Chromium or pks
// is missing (PKS_REQUIRE_BROWSER=1, set by .ci/run, makes that a failure).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const cp = require('child_process');

const required = process.env.PKS_REQUIRE_BROWSER === '1';
function skipAll(why) {
  if (required) {
    console.log('1..1');
    console.log(`not ok 1 - pks serve in the browser: ${why}`);
    process.exit(1);
  }
  console.log(`1..0 # SKIP ${why}`);
  process.exit(0);
}

const pks = process.env.PKS_BIN;
const src = process.env.PKS_SOURCE_ROOT || path.resolve(__dirname, '..', '..');
if (!pks || !fs.existsSync(pks)) skipAll('PKS_BIN is not set to the pks binary');
const help = cp.spawnSync(pks, ['serve', '--help'], { encoding: 'utf8' });
if (help.status !== 0) skipAll('pks is built without pks serve (libsoup 3)');
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  skipAll('playwright-core is not installed: run `npm ci` in tests/browser (.ci/run does)');
}
const chromiumPath = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  .find((p) => p && fs.existsSync(p));
if (!chromiumPath) skipAll('Chromium is not installed (.ci/setup installs Debian\'s chromium)');

const artifacts = process.env.PKS_ARTIFACT_DIR || path.join(os.tmpdir(), 'pks-browser-artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pks-serve-browser-'));

let n = 0, failed = 0;
function ok(cond, what, detail) {
  n++;
  if (cond) console.log(`ok ${n} - ${what}`);
  else {
    failed++;
    console.log(`not ok ${n} - ${what}`);
    if (detail) for (const l of String(detail).split('\n')) console.log(`# ${l}`);
  }
}

function startServer() {
  const urlFile = path.join(work, 'url');
  const proc = cp.spawn(pks, ['serve', '--port', '0', '--url-file', urlFile],
                        { cwd: src, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (fs.existsSync(urlFile) && fs.readFileSync(urlFile, 'utf8').includes('\n'))
        return resolve({ proc, url: fs.readFileSync(urlFile, 'utf8').trim() });
      if (proc.exitCode !== null || Date.now() - t0 > 60000)
        return reject(new Error(`pks serve did not start: ${stderr}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

// compare.csv's region rows of the plan: metric -> numbers
function cliCompare(files, reps) {
  const dir = fs.mkdtempSync(path.join(work, 'plan-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const out = path.join(dir, 'out');
  const r = cp.spawnSync(pks, ['compare', 'resource:///se/pks/scenarios/vasterbotten-2024.ini',
                               path.join(dir, 'plan.ini'), '-r', String(reps), '-q', '--out', out],
                         { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pks compare: ${r.stderr}`);
  const rows = new Map();
  const lines = fs.readFileSync(path.join(out, 'compare.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  for (const l of lines.slice(1)) {
    if (!l.startsWith('region,')) continue;
    const c = l.split(',');
    const o = Object.fromEntries(head.map((h, i) => [h, c[i]]));
    rows.set(o.metric, o);
  }
  return rows;
}

// Pairs of text boxes that overlap, and boxes wider than the page.
async function layoutProblems(page) {
  return page.evaluate(() => {
    const boxes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(t);
      for (const r of range.getClientRects())
        if (r.width > 1 && r.height > 1) boxes.push({ r, text: t.textContent.trim().slice(0, 40) });
    }
    const out = [];
    const W = document.documentElement.clientWidth;
    for (const b of boxes)
      if (b.r.right > W + 1) out.push(`beyond the page: "${b.text}"`);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r, b = boxes[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) out.push(`"${boxes[i].text}" overlaps "${boxes[j].text}"`);
      }
    if (document.documentElement.scrollWidth > W + 1)
      out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px`);
    return out.slice(0, 10);
  });
}

// Visible words that are English (the page is Swedish; a loader's
// diagnostic, shown as pks validate prints it, is left out).
async function englishWords(page) {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true);
    for (const d of clone.querySelectorAll('code, script, option')) d.remove();
    const text = clone.innerText;
    const words = ['the', 'and', 'with', 'staff', 'beds', 'error', 'warning', 'loading',
                   'compare', 'result', 'cancel', 'save', 'download', 'difference', 'plan changes',
                   'units', 'settings', 'baseline changes', 'null', 'undefined', 'NaN'];
    return words.filter((w) => new RegExp(`(^|[^\\wåäö])${w}([^\\wåäö]|$)`, 'i').test(text))
      .map((w) => {
        const m = new RegExp(`.{0,60}(^|[^\\wåäö])${w}([^\\wåäö]|$).{0,40}`, 'i').exec(text);
        return `${w} in "${m ? m[0].replace(/\s+/g, ' ') : ''}"`;
      });
  });
}

// Wait for an answer other than `after` for which test (a function of
// the page's state, run in the page) holds; its id.
async function waitForAnswer(page, after, test) {
  await page.waitForFunction(test, after, { timeout: 180000, polling: 100 });
  return page.evaluate(() => document.body.dataset.result);
}

async function main() {
  const { proc, url } = await startServer();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const requests = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 },
                                               locale: 'sv-SE' });
    const page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    // the page opens with one row and answers it
    const first = await waitForAnswer(page, '', (after) => !!window.pks && !!window.pks.result
      && document.body.dataset.result !== after);
    ok(!!first, 'the page loads and answers its first plan');

    // a person changes the unit's beds: the unit picked, the date and the change typed
    const row = page.locator('#changes tbody tr').first();
    await row.locator('td.unit select').selectOption('Medicincentrum Umeå');
    await row.locator('td.from input').fill('2024-03-01');
    await row.locator('td.change input').fill('+6');
    await page.locator('#plan-name').fill('Sex vårdplatser');
    const t0 = Date.now();
    const id = await waitForAnswer(page, first, (after) => {
      const r = window.pks.result;
      return document.body.dataset.result !== after && r.plans[0].name === 'Sex vårdplatser'
        && r.plans[0].files['changes.csv'].includes('Medicincentrum Umeå,staffed_beds,2024-03-01,,+6');
    });
    ok(!!id, `the answer to the changed plan is shown (${((Date.now() - t0) / 1000).toFixed(1)} s ` +
       'after the last keystroke, on a shared machine)');
    // the report's day-by-day chart of the same comparison, in its frame
    await page.waitForFunction((id) => document.body.dataset.charts === id, id,
                               { timeout: 120000, polling: 100 });
    const svgs = await page.frameLocator('iframe.part').locator('svg').count();
    ok(svgs >= 1, `the day-by-day difference chart is shown (${svgs} SVG charts)`);
    await page.screenshot({ path: path.join(artifacts, 'serve-answer.png'), fullPage: true });
    // the report and the workbook of the same comparison download
    const got = await page.evaluate(async () => {
      const out = {};
      for (const a of document.querySelectorAll('#answer .downloads a')) {
        const r = await fetch(a.href);
        const b = new Uint8Array(await r.arrayBuffer());
        out[a.getAttribute('download')] = { status: r.status, size: b.length,
                                            head: String.fromCharCode(...b.slice(0, 15)) };
      }
      return out;
    });
    ok(got['rapport.html'] && got['rapport.html'].status === 200 &&
       got['rapport.html'].head.startsWith('<!DOCTYPE html'), 'the HTML report downloads',
       JSON.stringify(got['rapport.html']));
    ok(got['jamforelse.xlsx'] && got['jamforelse.xlsx'].status === 200 &&
       got['jamforelse.xlsx'].head.startsWith('PK'), 'the Excel workbook downloads',
       JSON.stringify(got['jamforelse.xlsx']));

    // the numbers against pks compare of the same plan files
    const res = await page.evaluate(() => ({ files: window.pks.result.plans[0].files,
                                            reps: window.pks.result.replications }));
    const cli = cliCompare(res.files, res.reps);
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('#headline td[data-metric]')].map((td) => ({
        metric: td.dataset.metric, diff: Number(td.dataset.diff), low: Number(td.dataset.low),
        high: Number(td.dataset.high), text: td.textContent })));
    ok(shown.length >= 5, `the headline shows ${shown.length} measures`);
    let bad = [];
    for (const s of shown) {
      const c = cli.get(s.metric);
      if (!c) { bad.push(`${s.metric}: not in pks compare's compare.csv`); continue; }
      const same = (a, b) => Math.abs(a - Number(b)) <= 1e-9 * Math.max(1, Math.abs(a));
      if (!same(s.diff, c.diff_mean) || !same(s.low, c.diff_ci_low) || !same(s.high, c.diff_ci_high))
        bad.push(`${s.metric}: page ${s.diff} (${s.low}, ${s.high}), pks compare ` +
                 `${c.diff_mean} (${c.diff_ci_low}, ${c.diff_ci_high})`);
    }
    ok(bad.length === 0, 'every difference and interval equals pks compare\'s', bad.join('\n'));
    // and as displayed: the page's own rounding of pks compare's numbers
    bad = [];
    for (const s of shown) {
      const c = cli.get(s.metric);
      if (!c) continue;
      const want = await page.evaluate(({ m, d, lo, hi }) => {
        const info = window.pks.result.metrics[m];
        const k = diffDecimals(info.decimals, lo * info.scale, hi * info.scale);
        return signed(d * info.scale, k) + interval(lo * info.scale, hi * info.scale, k);
      }, { m: s.metric, d: Number(c.diff_mean), lo: Number(c.diff_ci_low),
           hi: Number(c.diff_ci_high) });
      if (s.text !== want) bad.push(`${s.metric}: shows "${s.text}", pks compare rounds to "${want}"`);
    }
    ok(bad.length === 0, 'the displayed differences are pks compare\'s, rounded', bad.join('\n'));
    const overcrowd = await page.locator('#headline tr[data-metric=overcrowded_days] td').nth(3)
      .getAttribute('class');
    ok(/better/.test(overcrowd), 'six beds with their staff lower overcrowding, shown as better');

    let problems = await layoutProblems(page);
    ok(problems.length === 0, 'at 1 400 px no text overlaps and nothing leaves the page',
       problems.join('\n'));
    let english = await englishWords(page);
    ok(english.length === 0, 'every visible word is Swedish', english.join(', '));

    // two plans side by side
    await page.getByRole('button', { name: 'Kopiera' }).click();
    await page.locator('#plan-name').fill('Sex vårdplatser, hyrpersonal');
    await page.locator('#changes tbody tr').first().locator('td.staff select').selectOption('agency');
    const two = await waitForAnswer(page, id, (after) => {
      const r = window.pks.result;
      return document.body.dataset.result !== after && r.plans.length === 2
        && r.plans[1].name === 'Sex vårdplatser, hyrpersonal'
        && r.plans[1].files['changes.csv'].includes(',agency');
    });
    const cols = await page.locator('#headline thead tr').first().locator('th').count();
    ok(!!two && cols === 4, 'two plans are compared side by side');
    await page.screenshot({ path: path.join(artifacts, 'serve-two-plans.png'), fullPage: true });
    problems = await layoutProblems(page);
    ok(problems.length === 0, 'two plans: no text overlaps, nothing leaves the page',
       problems.join('\n'));

    // staff the plan loses: a staffing row, in the answer's words
    await page.getByRole('button', { name: '+ Lägg till bemanning' }).click();
    const srow = page.locator('#staffing tbody tr').first();
    await srow.locator('td.unit select').selectOption('Medicincentrum Umeå');
    await srow.locator('td.fte input').fill('-8');
    const staffed = await waitForAnswer(page, two, (after) => {
      const r = window.pks.result;
      return document.body.dataset.result !== after && r.plans.length === 2
        && (r.plans[1].files['staffing.csv'] || '').includes('Medicincentrum Umeå,nurse,-8');
    });
    const words = await page.locator('#answer .card').nth(1).textContent();
    ok(!!staffed && /Bemanning rad 1: Medicincentrum Umeå, sjuksköterskor -8 årsarbetare/.test(words),
       'a staffing row (−8 nurses) is compared and told in words', words.slice(0, 300));

    // a wrong change is marked at its cell, with the loader's message
    await page.locator('#changes tbody tr').first().locator('td.change input').fill('+sex');
    await page.waitForSelector('#changes td.change input.bad', { timeout: 30000 });
    const msg = await page.locator('#plan .diags li.error').first().textContent();
    ok(/^Rad 1, Ändring: fel\./.test(msg) && /changes\.csv:2:5/.test(msg),
       `a wrong change is marked at its cell: ${msg}`);
    english = await englishWords(page);
    ok(english.length === 0, 'with an error shown, every visible word is still Swedish (the ' +
       'loader\'s own line aside)', english.join(', '));
    await page.screenshot({ path: path.join(artifacts, 'serve-error.png') });
    await page.locator('#changes tbody tr').first().locator('td.change input').fill('+6');
    await page.waitForSelector('#changes td.change input.bad', { state: 'detached', timeout: 30000 });

    // a long comparison shows its progress and can be cancelled
    await page.locator('#reps').fill('200');
    await page.locator('#reps').dispatchEvent('change');
    // (the base's 200 replications and each plan's: hundreds, not the 40 of before)
    await page.waitForFunction(() => /Räknar: [1-9][0-9]* av [0-9]{3,} /.test(
      document.querySelector('#progress').textContent) && !document.querySelector('#progress').hidden,
      null, { timeout: 120000 });
    await page.screenshot({ path: path.join(artifacts, 'serve-progress.png') });
    await page.locator('#cancel').click();
    await page.waitForFunction(() => /avbröts/.test(document.querySelector('#status').textContent),
                               null, { timeout: 30000 });
    ok(true, 'a long comparison shows its progress and is cancelled');

    ok(errors.length === 0, 'no script errors', errors.join('\n'));
    const foreign = requests.filter((u) => !u.startsWith(url) && !u.startsWith('blob:') &&
                                           !u.startsWith('data:'));
    ok(foreign.length === 0, 'the page asks nothing of any other host', foreign.join('\n'));
  } finally {
    await browser.close();
    proc.kill('SIGTERM');
  }
}

main().then(() => {
  console.log(`1..${n}`);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}, (e) => {
  ok(false, 'pks serve in the browser', e.stack || String(e));
  console.log(`1..${n}`);
  process.exit(1);
});
