#!/usr/bin/env node
// layout.js — pks's HTML reports laid out in a real browser: headless
// Chromium (Debian's /usr/bin/chromium) driven by playwright-core. Each
// report (a run, a comparison of two plans, an optimisation; Swedish and
// English) is opened at 1 400 × 900 px and printed on A4; a case fails
// when a table or chart is wider than its page, when two pieces of text
// overlap, or when the printed report has more pages than its limit. The
// top of each report (what a manager sees without scrolling) and the PDFs
// are kept in PKS_ARTIFACT_DIR. Speaks TAP; skips with the reason when
// node's package, Chromium or pks is missing (PKS_REQUIRE_BROWSER=1, set by
// .ci/run, makes that a failure instead).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const cp = require('child_process');

const required = process.env.PKS_REQUIRE_BROWSER === '1';

function skipAll(why) {
  if (required) {
    console.log('1..1');
    console.log(`not ok 1 - browser layout: ${why}`);
    process.exit(1);
  }
  console.log(`1..0 # SKIP ${why}`);
  process.exit(0);
}

const pks = process.env.PKS_BIN;
const src = process.env.PKS_SOURCE_ROOT || path.resolve(__dirname, '..', '..');
if (!pks || !fs.existsSync(pks)) skipAll('PKS_BIN is not set to the pks binary');
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  skipAll('playwright-core is not installed: run `npm ci` in tests/browser (.ci/run does)');
}
function findChromium() {
  const names = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser',
                 '/usr/bin/google-chrome'];
  return names.find((p) => p && fs.existsSync(p));
}
const chromiumPath = findChromium();
if (!chromiumPath) skipAll('Chromium is not installed (.ci/setup installs Debian\'s chromium)');

const artifacts = process.env.PKS_ARTIFACT_DIR || path.join(os.tmpdir(), 'pks-browser-artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pks-browser-'));

// The screen a manager opens the report on, and A4's printable width at
// 96 px per inch: 210 mm less the report's 12 mm margins (@page).
const SCREEN = { width: 1400, height: 900 };
const A4_CONTENT_PX = Math.floor(((210 - 24) / 25.4) * 96);

function runPks(args) {
  const r = cp.spawnSync(pks, args, {
    cwd: src,
    encoding: 'utf8',
    env: Object.assign({}, process.env, { SOURCE_DATE_EPOCH: '1735689600' }),
  });
  if (r.status !== 0) {
    throw new Error(`pks ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
}

// The reports and their page limits when printed. Two plans fit in six A4
// pages (issue #23; 23 before); a run of the baseline in nine (eleven
// before: its charts per hospital and table per unit stay unfolded); an
// optimisation in four.
const vb = 'scenarios/vasterbotten-2024.ini';
const small = 'scenarios/examples/small-region.ini';
const reports = [
  { name: 'report-run', maxPages: 9,
    make: (f) => runPks(['run', '--report', f, '-r', '4', '-q']) },
  { name: 'report-run-en', maxPages: 9,
    make: (f) => runPks(['run', '--report', f, '-r', '4', '-q', '--lang', 'en']) },
  { name: 'report-compare', maxPages: 6,
    make: (f) => runPks(['compare', vb, 'scenarios/plans/kava.ini', 'scenarios/plans/kua.ini',
                         '-r', '4', '-q', '--report', f]) },
  { name: 'report-compare-en', maxPages: 6,
    make: (f) => runPks(['compare', vb, 'scenarios/plans/kava.ini', 'scenarios/plans/kua.ini',
                         '-r', '4', '-q', '--report', f, '--lang', 'en']) },
  { name: 'report-optimise', maxPages: 4,
    make: (f) => runPks(['optimise', small, '--resource', 'staffed_beds', '--add', '4', '--units',
                         'Medicin A,Kirurgi A,Medicin B', '--objective', 'outlied_days', '-r', '4',
                         '--reps-max', '8', '-q', '--report', f]) },
];

// In the page: every table, chart and figure within the page card (the
// <main> element's content box), and every pair of text fragments apart.
// Returns the problems in words.
function inspect() {
  const problems = [];
  const main = document.querySelector('main');
  const cs = getComputedStyle(main);
  const box = main.getBoundingClientRect();
  const left = box.left + parseFloat(cs.paddingLeft);
  const right = box.right - parseFloat(cs.paddingRight);
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const what = (el) => {
    const id = el.closest('[id]');
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 50);
    return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string'
      ? '.' + el.className.split(' ')[0] : ''}> in #${id ? id.id : '?'} "${text}"`;
  };
  // content of a closed <details> is laid out but not shown: skipped here,
  // checked again with every <details> opened
  const hidden = (el) => {
    const d = el.closest('details');
    return d && !d.open && !el.closest('summary');
  };
  for (const el of document.querySelectorAll('table, svg, figure, pre, img, .wide, details')) {
    if (!visible(el) || hidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > right + 0.5 || r.left < left - 0.5) {
      problems.push(`${what(el)} is ${Math.round(r.width)} px wide at ${Math.round(r.left)}–` +
                    `${Math.round(r.right)}, outside the page ${Math.round(left)}–${Math.round(right)}`);
    }
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
      problems.push(`${what(el)} scrolls sideways: ${el.scrollWidth} px in ${el.clientWidth}`);
    }
  }
  // text fragments: one rectangle per line of each text node
  const frags = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  let id = 0;
  while ((n = walker.nextNode())) {
    if (!n.textContent.trim()) continue;
    const p = n.parentElement;
    if (!p || p.closest('style, script, svg') || hidden(p)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    id++;
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      frags.push({ id, r, el: p, text: n.textContent.trim().slice(0, 40) });
    }
  }
  frags.sort((a, b) => a.r.top - b.r.top);
  for (let i = 0; i < frags.length; i++) {
    const a = frags[i];
    for (let j = i + 1; j < frags.length && frags[j].r.top < a.r.bottom; j++) {
      const b = frags[j];
      if (a.id === b.id) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      // line boxes of adjacent lines may touch; text on text overlaps more
      if (w > 2 && h > Math.min(a.r.height, b.r.height) * 0.3) {
        problems.push(`text overlaps: "${a.text}" and "${b.text}" (${Math.round(w)}×${Math.round(h)} px)`);
        if (problems.length > 20) return problems;
      }
    }
  }
  return problems;
}

function countPages(pdf) {
  const m = pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return m ? m.length : 0;
}

async function main() {
  const cases = [];
  const ok = (name, problems) => cases.push({ name, problems });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const rep of reports) {
      const file = path.join(work, `${rep.name}.html`);
      try {
        rep.make(file);
      } catch (e) {
        ok(`${rep.name}: pks writes the report`, [String(e.message)]);
        continue;
      }
      const url = 'file://' + file;
      const page = await browser.newPage({ viewport: SCREEN });
      const fetched = [];
      page.on('request', (r) => { if (!r.url().startsWith('file:')) fetched.push(r.url()); });
      await page.goto(url);
      await page.screenshot({ path: path.join(artifacts, `${rep.name}-top.png`) });
      ok(`${rep.name}: at ${SCREEN.width} px every table and chart fits the page, no text overlaps`,
         (await page.evaluate(inspect)).concat(fetched.map((u) => `fetched ${u}`)));
      // what the folded parts show when a reader opens them
      const folded = await page.evaluate(() => {
        const all = document.querySelectorAll('details');
        all.forEach((d) => { d.open = true; });
        return all.length;
      });
      if (folded > 0) {
        ok(`${rep.name}: with its ${folded} folded parts opened, every table and chart fits, no text overlaps`,
           await page.evaluate(inspect));
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = false; }));
      }
      // printed: laid out at A4's width, then the PDF's pages counted
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: A4_CONTENT_PX, height: 1100 });
      ok(`${rep.name}: on A4 every table and chart fits the page, no text overlaps`,
         await page.evaluate(inspect));
      const pdfPath = path.join(artifacts, `${rep.name}.pdf`);
      const pdf = await page.pdf({ path: pdfPath, format: 'A4', preferCSSPageSize: true,
                                   printBackground: true });
      const pages = countPages(pdf);
      ok(`${rep.name}: prints on ${pages} A4 pages, at most ${rep.maxPages}`,
         pages >= 1 && pages <= rep.maxPages ? [] : [`${pages} pages (limit ${rep.maxPages})`]);
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`1..${cases.length}`);
  let failed = 0;
  cases.forEach((c, i) => {
    if (c.problems.length === 0) {
      console.log(`ok ${i + 1} - ${c.name}`);
    } else {
      failed++;
      console.log(`not ok ${i + 1} - ${c.name}`);
      for (const p of c.problems) console.log(`# ${p}`);
    }
  });
  console.log(`# artifacts (tops at ${SCREEN.width}×${SCREEN.height}, PDFs): ${artifacts}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log('1..1');
  console.log(`not ok 1 - browser layout: ${e.stack || e}`);
  process.exit(1);
});
