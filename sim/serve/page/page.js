/* page.js — the meeting's page of pks serve: plans edited as rows of
 * changes per unit and settings, checked as they are typed (POST
 * /api/validate), compared with the base (POST /api/jobs, progress by
 * polling, cancel by DELETE), and the answer shown with its 95 %
 * intervals. Every request is the documented JSON interface
 * (docs/serve.md); nothing is fetched from elsewhere. */
"use strict";

const $ = (sel, el = document) => el.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined)
    e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  return e;
};

const RESOURCES = {
  staffed_beds: "Vårdplatser med personal",
  beds: "Fysiska vårdplatser",
  or_sessions_per_week: "Operationspass per vecka",
  visit_slots_per_week: "Mottagningstider per vecka",
};
const STAFF = { own: "egen", agency: "hyrd", "": "ingen" };
const ROLES = { nurse: "Sjuksköterskor", assistant_nurse: "Undersköterskor", or_team: "Operationslag" };
const STAFF_WORDS = { own: "med egen personal", agency: "med hyrpersonal", "": "utan personal (bara planerat)" };
const ITEMS = {
  staffed_bed_days: "vårdplatsdygn med personal",
  planned_staffed_bed_days: "planerade vårdplatsdygn",
  physical_bed_days: "fysiska vårdplatsdygn",
  or_sessions_offered: "operationspass",
  visit_slots_offered: "mottagningstider",
  staff_cost: "personalkostnad, kr",
};
const TERMS = {
  start: "startdag", days: "antal dagar", warmup_days: "insvängning (dagar)",
  seed: "frö", replications: "replikationer", size: "storlek (vårdplatser)",
  first_day: "första dag",
};
const FIELDS = { unit: "Enhet", resource: "Resurs", from: "Från", to: "Till", change: "Ändring",
                 staff: "Personal", note: "Notering", role: "Roll", fte: "Årsarbetare",
                 agency: "Hyrd" };
/* A diagnostic in Swedish where it is: the row and column, or the
 * setting; the loader's own line (as pks validate prints it) beneath */
function diagItem(d) {
  const where = d.row ? `Rad ${d.row}${d.field ? ", " + (FIELDS[d.field] || d.field) : ""}`
              : d.setting ? `Inställningen ${d.setting}` : d.file ? `Filen ${d.file}` : "Planen";
  const what = d.level === "error" ? "fel" : "varning";
  return el("li", { class: d.level }, `${where}: ${what}.`, el("code", {}, d.text));
}

const state = {
  scenarios: [], base: null, info: null, reps: 20, auto: true,
  plans: [], current: 0, job: null, result: null, diags: [], validated: null,
  editTimer: null, seq: 0,
};

/* ---------- numbers as Swedish readers write them ---------- */

const nf = {};
function fmt(x, d) {
  if (x === null || x === undefined || !isFinite(x)) return "–";
  const key = d;
  nf[key] = nf[key] || new Intl.NumberFormat("sv-SE", { minimumFractionDigits: d,
                                                         maximumFractionDigits: d });
  const s = nf[key].format(Math.abs(x) < 0.5 * Math.pow(10, -d) ? 0 : x);
  return s.replace("-", "−");
}
function signed(x, d) {
  const s = fmt(x, d);
  return x > 0 && s.replace(/[0,\s ]/g, "") !== "" ? "+" + s : s;
}
/* decimals of a difference: more where the rounded interval would touch
 * zero or read as a point */
function diffDecimals(d, lo, hi) {
  for (let k = d; k < d + 3; k++) {
    const r = (x) => Math.round(x * Math.pow(10, k));
    if (lo > 0 && r(lo) <= 0) continue;
    if (hi < 0 && r(hi) >= 0) continue;
    if (r(lo) === r(hi) && lo !== hi) continue;
    return k;
  }
  return d + 3;
}
function interval(lo, hi, d) {
  if (lo === null || hi === null) return "";
  const a = fmt(lo, d), b = fmt(hi, d);
  return lo < 0 || hi < 0 ? `${a} till ${b}` : `${a}–${b}`;
}
function verdict(better, lo, hi) {
  if (lo === null || hi === null || !better) return "neutral";
  if (lo > 0) return better > 0 ? "better" : "worse";
  if (hi < 0) return better > 0 ? "worse" : "better";
  return "unsure";
}
const VERDICT_WORDS = { better: "bättre", worse: "sämre", unsure: "ingen säker skillnad",
                        neutral: "" };

/* ---------- plans ---------- */

function newPlan(n) {
  return { name: `Plan ${n}`, changes: [], staffing: [], settings: [] };
}
function firstUnit() {
  const u = state.info && state.info.units.find((x) => x.staffed_beds > 0);
  return u ? u.name : "";
}
function newRow() {
  const start = state.info ? state.info.start : "";
  return { unit: firstUnit(), resource: "staffed_beds", from: start, to: "", change: "+2",
           staff: "own", note: "" };
}
function planJson(p) {
  return {
    name: p.name,
    changes: p.changes.map((r) => ({ unit: r.unit, resource: r.resource, from: r.from, to: r.to,
                                     change: r.change, note: r.note, staff: r.staff })),
    staffing: (p.staffing || []).map((r) => ({ unit: r.unit, role: r.role, fte: r.fte, from: r.from,
                                               to: r.to, agency: r.agency ? "1" : "0" })),
    settings: Object.fromEntries(p.settings.filter((s) => s.key).map((s) => [s.key, s.value])),
  };
}
function request() {
  return { base: state.base, replications: state.reps, plans: state.plans.map(planJson) };
}

/* ---------- the editor ---------- */

function renderTabs() {
  const tabs = $("#tabs");
  tabs.replaceChildren(...state.plans.map((p, i) =>
    el("button", { role: "tab", "aria-selected": i === state.current ? "true" : "false",
                   title: p.name, onclick: () => { state.current = i; renderEditor(); } },
       p.name || `Plan ${i + 1}`)),
    el("button", { class: "add", title: "Lägg till en plan att jämföra sida vid sida",
                   onclick: () => addPlan(false) }, "+ Ny plan"),
    el("button", { class: "add", title: "Kopiera den här planen",
                   onclick: () => addPlan(true) }, "Kopiera"));
}
function addPlan(copy) {
  if (state.plans.length >= 8) return;
  const p = copy ? JSON.parse(JSON.stringify(state.plans[state.current]))
                 : newPlan(state.plans.length + 1);
  if (copy) p.name = `${p.name} (kopia)`;
  state.plans.push(p);
  state.current = state.plans.length - 1;
  renderEditor();
  edited();
}
function optionList(values, current) {
  return values.map(([v, label]) => el("option", { value: v, selected: v === current }, label));
}
function unitOptions(cur) {
  const units = state.info ? state.info.units : [];
  const opts = [["*", "Alla enheter"]];
  for (const s of state.info ? state.info.sites : []) opts.push([`site:${s}`, `Hela ${s}`]);
  for (const u of units) opts.push([u.name, `${u.name} (${u.staffed_beds} vpl)`]);
  if (cur && !opts.some(([v]) => v === cur)) opts.push([cur, cur]);
  return optionList(opts, cur);
}
function cell(row, r, i, field) {
  const bad = state.diags.some((d) => d.plan === state.current && d.file === "changes.csv" &&
                                      d.row === i + 1 && d.field === field);
  const set = (v) => { r[field] = v; edited(); };
  let input;
  if (field === "unit")
    input = el("select", { onchange: (e) => set(e.target.value), "aria-label": "Enhet" },
               unitOptions(r.unit));
  else if (field === "resource")
    input = el("select", { onchange: (e) => set(e.target.value), "aria-label": "Resurs" },
               optionList(Object.entries(RESOURCES), r.resource));
  else if (field === "staff")
    input = el("select", { onchange: (e) => set(e.target.value), "aria-label": "Personal" },
               optionList(Object.entries(STAFF), r.staff));
  else
    input = el("input", { type: "text", pattern: field === "from" || field === "to" ?
                          "\\d{4}-\\d{2}-\\d{2}" : null,
                          value: r[field], "aria-label": field, "data-field": field,
                          oninput: (e) => set(e.target.value),
                          placeholder: field === "change" ? "+6, −2, =0, −25%" :
                                       field === "to" ? "tills vidare" : "ÅÅÅÅ-MM-DD" });
  if (bad) input.classList.add("bad");
  return el("td", { class: field }, input);
}
function staffCell(r, i, field) {
  const bad = state.diags.some((d) => d.plan === state.current && d.file === "staffing.csv" &&
                                      d.row === i + 1 && d.field === field);
  const set = (v) => { r[field] = v; edited(); };
  let input;
  if (field === "unit")
    input = el("select", { onchange: (e) => set(e.target.value), "aria-label": "Enhet" },
               unitOptions(r.unit).filter((o) => o.value !== "*" && !o.value.startsWith("site:")));
  else if (field === "role")
    input = el("select", { onchange: (e) => set(e.target.value), "aria-label": "Roll" },
               optionList(Object.entries(ROLES), r.role));
  else if (field === "agency")
    input = el("input", { type: "checkbox", checked: r.agency, "aria-label": "Hyrpersonal",
                          onchange: (e) => set(e.target.checked) });
  else
    input = el("input", { type: "text", value: r[field], "aria-label": FIELDS[field] || field,
                          "data-field": field, oninput: (e) => set(e.target.value),
                          placeholder: field === "fte" ? "+5, −8" :
                                       field === "to" ? "tills vidare" : "ÅÅÅÅ-MM-DD" });
  if (bad) input.classList.add("bad");
  return el("td", { class: field }, input);
}
function renderEditor() {
  renderTabs();
  const p = state.plans[state.current];
  const root = $("#plan");
  const rows = p.changes.map((r, i) =>
    el("tr", { "data-row": i + 1 },
       ...["unit", "resource", "from", "to", "change", "staff"].map((f) => cell(null, r, i, f)),
       el("td", { class: "del" }, el("button", { class: "link", title: "Ta bort raden",
                                                 "aria-label": "Ta bort raden",
                                                 onclick: () => { p.changes.splice(i, 1);
                                                                  renderEditor(); edited(); } },
                                     "✕"))));
  const settingKeys = (state.info ? state.info.settings : [])
    .filter((s) => /^(policy|guarantee|costs|staffing)\./.test(s.key));
  const settings = p.settings.map((s, i) => {
    const known = settingKeys.find((k) => k.key === s.key);
    const bad = state.diags.some((d) => d.plan === state.current && d.setting === s.key);
    return el("tr", {},
      el("td", {}, el("select", { "aria-label": "Inställning",
                                  onchange: (e) => { s.key = e.target.value;
                                                     const k = settingKeys.find((x) => x.key === s.key);
                                                     s.value = k ? k.value : "";
                                                     renderEditor(); edited(); } },
                      optionList(settingKeys.map((k) => [k.key, k.key]), s.key))),
      el("td", {}, el("input", { type: "text", value: s.value, class: bad ? "bad" : null,
                                 "aria-label": "Värde",
                                 oninput: (e) => { s.value = e.target.value; edited(); } })),
      el("td", { class: "hint" }, known ? `basen: ${known.value}` : ""),
      el("td", { class: "del" }, el("button", { class: "link", title: "Ta bort",
                                                onclick: () => { p.settings.splice(i, 1);
                                                                 renderEditor(); edited(); } },
                                    "✕")));
  });
  p.staffing = p.staffing || [];
  const staffRows = p.staffing.map((r, i) =>
    el("tr", { "data-row": i + 1 },
       ...["unit", "role", "fte", "from", "to", "agency"].map((f) => staffCell(r, i, f)),
       el("td", { class: "del" }, el("button", { class: "link", title: "Ta bort raden",
                                                 "aria-label": "Ta bort raden",
                                                 onclick: () => { p.staffing.splice(i, 1);
                                                                  renderEditor(); edited(); } },
                                     "✕"))));
  const mine = state.diags.filter((d) => d.plan === state.current);
  root.replaceChildren(...[
    el("div", { class: "row" },
       el("label", {}, "Planens namn "),
       el("input", { type: "text", id: "plan-name", value: p.name,
                     oninput: (e) => { p.name = e.target.value; renderTabs(); edited(); } }),
       state.plans.length > 1 ? el("button", { class: "link", onclick: () => {
         state.plans.splice(state.current, 1);
         state.current = Math.max(0, state.current - 1); renderEditor(); edited(); } },
         "Ta bort planen") : null),
    el("h3", {}, "Ändringar per enhet"),
    el("p", { class: "hint" },
       "En rad per ändring: fler vårdplatser med den personal de behöver, operationspass, ",
       "mottagningstider, en sommarstängning (−25 % eller =0 mellan två datum)."),
    el("table", { class: "edit", id: "changes" },
       el("colgroup", {}, el("col", { class: "unit" }), el("col", { class: "res" }),
          el("col", { class: "date" }), el("col", { class: "date" }), el("col", { class: "chg" }),
          el("col", { class: "staff" }), el("col", { class: "del" })),
       el("thead", {}, el("tr", {}, ...["Enhet", "Resurs", "Från", "Till", "Ändring",
                                        "Personal", ""].map((h) => el("th", {}, h)))),
       el("tbody", {}, rows)),
    el("div", { class: "row" },
       el("button", { id: "add-row", onclick: () => { p.changes.push(newRow()); renderEditor();
                                                      edited(); } }, "+ Lägg till en ändring")),
    el("h3", {}, "Bemanning utöver basens"),
    el("p", { class: "hint" }, "Personal som planen lägger till eller saknar, i årsarbetare: ",
       "+5 sjuksköterskor från mars, −8 om rekryteringen inte lyckas. Ändringar med egen eller ",
       "hyrd personal ovan tar redan med sig den personal de behöver."),
    p.staffing.length ? el("table", { class: "edit", id: "staffing" },
       el("colgroup", {}, el("col", { class: "unit" }), el("col", { class: "res" }),
          el("col", { class: "chg" }), el("col", { class: "date" }), el("col", { class: "date" }),
          el("col", { class: "staff" }), el("col", { class: "del" })),
       el("thead", {}, el("tr", {}, ...["Enhet", "Roll", "Årsarb.", "Från", "Till", "Hyrd",
                                        ""].map((h) => el("th", {}, h)))),
       el("tbody", {}, staffRows)) : null,
    el("div", { class: "row" },
       el("button", { onclick: () => { p.staffing.push({ unit: firstUnit(), role: "nurse", fte: "+5",
                                                         from: state.info ? state.info.start : "",
                                                         to: "", agency: false });
                                       renderEditor(); edited(); } },
          "+ Lägg till bemanning")),
    el("h3", {}, "Inställningar"),
    p.settings.length ? el("table", { class: "edit" }, el("tbody", {}, settings)) : null,
    el("div", { class: "row" },
       el("button", { onclick: () => { const k = settingKeys.find((x) => x.key === "policy.overcrowding")
                                               || settingKeys[0];
                                       p.settings.push({ key: k ? k.key : "", value: k ? k.value : "" });
                                       renderEditor(); edited(); } },
          "+ Ändra en inställning")),
    mine.length ? el("ul", { class: "diags" }, mine.map(diagItem)) : null,
    downloadsOfPlan(state.current)].filter(Boolean));
}

function downloadsOfPlan(i) {
  const v = state.validated && state.validated.plans && state.validated.plans[i];
  if (!v || !v.files) return null;
  const links = Object.entries(v.files).map(([name, text]) => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    return el("a", { href: url, download: name }, name);
  });
  return el("div", {}, el("h3", {}, "Spara planen"),
            el("div", { class: "downloads" }, links),
            el("p", { class: "hint" }, "Planfilen och dess tabeller: spara dem i samma mapp och ",
               "kör dem med ", el("code", {}, "pks compare"), ", eller ge dem till en kollega."));
}

/* ---------- checking and comparing ---------- */

function edited() {
  /* the answer shown is the previous plan's until the next one comes */
  $("#answer").classList.add("stale");
  clearTimeout(state.editTimer);
  state.editTimer = setTimeout(validate, 250);
}
async function post(path, body) {
  let r;
  try {
    r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
                            body: JSON.stringify(body) });
  } catch (e) {
    return [0, { message: "Servern svarar inte: körs pks serve fortfarande?" }];
  }
  let j = null;
  try { j = await r.json(); } catch (e) { j = { message: `svar ${r.status}` }; }
  return [r.status, j];
}
function collectDiags(j) {
  const out = [];
  (j.plans || []).forEach((p, i) => (p.diagnostics || []).forEach((d) => out.push({ ...d, plan: i })));
  return out;
}
async function validate() {
  if (!state.base) return;
  const seq = ++state.seq;
  const [status, j] = await post("/api/validate", request());
  if (seq !== state.seq) return;   /* a newer edit is on its way */
  if (status !== 200 && status !== 422) {
    setStatus(errorText(j, status), true);
    return status;
  }
  state.validated = j;
  state.diags = collectDiags(j);
  renderEditor();
  if (status === 200 && state.auto) compare();
  else if (status === 422) setStatus("Planen har fel: se de markerade fälten.", true);
  return status;
}
/* The server's errors in words, by their code; the server's own message
 * (English, for scripts and logs) where there is no such word. */
const ERRORS = {
  time_limit: "Jämförelsen tog längre tid än tidsgränsen och stoppades (pks serve --time-limit): " +
              "be om färre replikationer eller planer.",
  busy: "Servern har många jämförelser i kö: försök igen om en stund.",
  too_large: "Planen är större än servern tar emot (se gränserna i docs/serve.md).",
  expired: "Svaret finns inte kvar: jämför igen.",
};
function errorText(j, status) {
  return (j && ERRORS[j.error]) || (j && j.message) || `Fel ${status}`;
}
function setStatus(text, error) {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("error", !!error);
}
async function cancelJob() {
  if (!state.job) return;
  const id = state.job;
  state.job = null;
  await fetch(`/api/jobs/${id}`, { method: "DELETE" });
}
async function compare() {
  await cancelJob();
  const seq = state.seq;
  const t0 = performance.now();
  const [status, j] = await post("/api/jobs", request());
  if (status !== 202) {
    setStatus(errorText(j, status), true);
    return;
  }
  state.job = j.id;
  $("#cancel").disabled = false;
  setStatus("Jämför med basen …");
  progress(0, 0);
  poll(j.id, t0, seq);
}
function progress(done, total) {
  const p = $("#progress");
  p.hidden = false;
  $(".bar", p).style.width = total ? `${(100 * done) / total}%` : "0";
  $(".label", p).textContent = total ? `Räknar: ${done} av ${total} replikationer`
                                     : "I kö …";
}
async function poll(id, t0, seq) {
  if (state.job !== id) return;
  let j;
  try {
    const r = await fetch(`/api/jobs/${id}`);
    j = await r.json();
  } catch (e) {
    state.job = null;
    $("#cancel").disabled = true;
    $("#progress").hidden = true;
    setStatus("Servern svarar inte: körs pks serve fortfarande?", true);
    return;
  }
  if (state.job !== id) return;
  if (j.state === "queued" || j.state === "running") {
    progress(j.done, j.total);
    setTimeout(() => poll(id, t0, seq), 100);
    return;
  }
  state.job = null;
  $("#cancel").disabled = true;
  $("#progress").hidden = true;
  if (j.state === "done") {
    state.result = j.result;
    state.result.elapsed = (performance.now() - t0) / 1000;
    renderResult();
  } else if (j.state === "cancelled") {
    setStatus("Jämförelsen avbröts.");
  } else if (j.error && j.error.plans) {
    state.diags = collectDiags(j.error);
    renderEditor();
    setStatus("Planen har fel: se de markerade fälten.", true);
  } else {
    setStatus(j.error ? errorText(j.error, j.status) : "Jämförelsen misslyckades.", true);
  }
}

/* ---------- the answer ---------- */

function region(plan) {
  const m = new Map();
  for (const r of plan.rows) if (r.scope === "region") m.set(r.metric, r);
  return m;
}
function value(metric, x, info) {
  return fmt(x === null ? null : x * info.scale, info.decimals);
}
function diffCell(info, r, metric, planIndex) {
  if (!r) return el("td", { class: "num" }, "–");
  const s = info.scale;
  const lo = r.low === null ? null : r.low * s, hi = r.high === null ? null : r.high * s;
  const d = diffDecimals(info.decimals, lo, hi);
  const v = verdict(info.better, lo, hi);
  return el("td", { class: `num ${v}`, "data-metric": metric, "data-plan": planIndex,
                    "data-diff": r.diff, "data-low": r.low, "data-high": r.high,
                    title: VERDICT_WORDS[v] },
            signed(r.diff * s, d), el("span", { class: "ci" }, interval(lo, hi, d)));
}
function label(info) {
  const unit = info.unit_sv ? ` (${info.unit_sv})` : "";
  return `${info.sv}${unit}`;
}
function headline(res) {
  const regions = res.plans.map(region);
  const head = el("tr", {}, el("th", {}, "Mått"), el("th", { class: "num" }, "Basen"),
                  ...res.plans.map((p, i) => el("th", { class: "num", colspan: 2 },
                                                `${p.name}`)));
  const sub = el("tr", {}, el("th", {}), el("th", {}),
                 ...res.plans.flatMap(() => [el("th", { class: "num" }, "Planen"),
                                             el("th", { class: "num" }, "Skillnad (95 % KI)")]));
  const rows = res.measures.map((m) => {
    const info = res.metrics[m];
    const base = regions[0].get(m);
    return el("tr", { "data-metric": m },
              el("td", {}, label(info)),
              el("td", { class: "num" }, base ? value(m, base.base, info) : "–"),
              ...regions.flatMap((reg, i) => {
                const r = reg.get(m);
                return [el("td", { class: "num", "data-plan-value": r ? r.plan : "" },
                           r ? value(m, r.plan, info) : "–"),
                        diffCell(info, r, m, i)];
              }));
  });
  return el("div", { class: "scroll" }, el("table", { id: "headline" }, el("thead", {}, head, sub),
                                           el("tbody", {}, rows)));
}
function leadSentence(res) {
  const first = res.measures[0];
  const info = res.metrics[first];
  const parts = res.plans.map((p) => {
    const r = region(p).get(first);
    if (!r) return null;
    const s = info.scale;
    const d = diffDecimals(info.decimals, r.low * s, r.high * s);
    const v = verdict(info.better, r.low * s, r.high * s);
    /* per staffed bed the plan adds, on average per day of the period,
     * as the report's answer puts it */
    const days = state.info ? state.info.days : 0;
    const beds = p.size && p.size.bed_days > 0 && days ? p.size.bed_days / days : 0;
    const per = beds ? `, ${signed((r.diff * s) / beds, info.decimals + 1)} per tillagd vårdplats`
                     : "";
    return { name: p.name, r, v, text: `${signed(r.diff * s, d)} (${interval(r.low * s, r.high * s, d)})${per}` };
  }).filter(Boolean);
  if (!parts.length) return null;
  const best = parts.slice().sort((a, b) => info.better * (b.r.diff - a.r.diff))[0];
  const what = info.sv.toLowerCase();
  const word = best.v === "unsure" ? "men ingen plan skiljer sig säkert från basen"
             : best.v === "better" ? "och skillnaden är säker" : "men åt fel håll";
  return el("p", { class: "lead" },
            parts.length > 1 ? `Mest gör ${best.name}: ${what} ${best.text}, ${word}.`
                             : `${best.name}: ${what} ${best.text} mot basen, ${word}.`);
}
function planChanges(p, res) {
  const items = [];
  if (p.nothing_changed)
    items.push(el("li", {}, "Planen ändrar inget som simuleras: skillnaden är noll."));
  for (const c of p.changes) {
    if (c.kind === "effect") {
      const what = ITEMS[c.item] || c.item;
      items.push(el("li", {}, `${c.name}: ${what} ${fmt(Number(c.base), 0)} → `,
                    `${fmt(Number(c.plan), 0)} (${signed(c.difference, 0)})`));
    } else if (c.kind === "key") {
      items.push(el("li", {}, `Inställningen ${c.name}: ${c.base} → ${c.plan}`));
    } else if (c.kind === "change") {
      items.push(el("li", { class: "hint" }, rowWords(p, c)));
    } else if (c.kind === "staffing") {
      items.push(el("li", { class: "hint" }, staffWords(p, c)));
    } else if (c.kind === "cell") {
      items.push(el("li", {}, `${c.name} ${c.item || ""}: ${c.base || ""} → ${c.plan || ""}`));
    }
  }
  const days = state.info ? state.info.days : 0;
  const added = (x) => {
    const perDay = x && x.size && days ? x.size.bed_days / days : 0;
    const from = x && x.size && x.size.first_day ? ` från ${x.size.first_day}` : "";
    return `${signed(perDay, 1)} vårdplatser per dag${from}`;
  };
  for (const t of p.terms) {
    if (t.what === "size" || t.what === "first_day") {
      /* told from the plans' sizes, in words, not the terminal's text */
      const other = res.plans.find((x) => x.name === t.against);
      items.push(el("li", { class: "worse" }, `Inte på lika villkor: ${p.name} lägger till `,
                    `${added(p)}, ${t.against} ${added(other)}.`));
      continue;
    }
    const what = TERMS[t.what] || t.what;
    items.push(el("li", { class: "worse" }, `Inte på lika villkor: ${what} ${t.value} mot `,
                  `${t.against ? t.against : "basens"} ${t.other}`));
  }
  return el("ul", { class: "plain" }, items);
}
/* A change row in words, from the plan's own row (changes.csv:N is row
 * N − 1 of the editor's table) */
function rowWords(p, c) {
  const m = /changes\.csv:(\d+)/.exec(c.source || "");
  const plan = state.plans.find((x) => x.name === p.name);
  const r = m && plan ? plan.changes[Number(m[1]) - 2] : null;
  if (!r) return `Rad ${c.source || ""}`;
  const unit = r.unit === "*" ? "alla enheter" : r.unit.startsWith("site:") ? `hela ${r.unit.slice(5)}` : r.unit;
  const when = r.to ? `${r.from} – ${r.to}` : `från ${r.from}`;
  return `Rad ${Number(m[1]) - 1}: ${unit}, ${(RESOURCES[r.resource] || r.resource).toLowerCase()} ` +
         `${r.change} ${when}${r.resource === "staffed_beds" || r.resource === "or_sessions_per_week"
                                 ? ", " + STAFF_WORDS[r.staff || ""] : ""}`;
}
function staffWords(p, c) {
  const m = /staffing\.csv:(\d+)/.exec(c.source || "");
  const plan = state.plans.find((x) => x.name === p.name);
  const r = m && plan && plan.staffing ? plan.staffing[Number(m[1]) - 2] : null;
  if (!r) return `Bemanningsrad ${c.source || ""}`;
  const when = r.to ? `${r.from || "start"} – ${r.to}` : r.from ? `från ${r.from}` : "hela perioden";
  return `Bemanning rad ${Number(m[1]) - 1}: ${r.unit}, ${(ROLES[r.role] || r.role).toLowerCase()} ` +
         `${r.fte} årsarbetare ${when}${r.agency ? ", hyrpersonal" : ""}`;
}
function binds(p, res) {
  /* the units where staff or physical beds held the plan's beds below
   * what it planned, and the loader's notes on it */
  const units = new Map();
  for (const r of p.rows) {
    if (r.scope !== "unit") continue;
    if (r.metric === "staff_bound_days" || r.metric === "beds_bound_days" ||
        r.metric === "planned_staffed_bed_days" || r.metric === "staffed_bed_days") {
      const u = units.get(r.name) || {};
      u[r.metric] = r;
      units.set(r.name, u);
    }
  }
  const rows = [];
  for (const [name, u] of units) {
    const sb = u.staff_bound_days, bb = u.beds_bound_days;
    const changed = (u.planned_staffed_bed_days && u.planned_staffed_bed_days.diff !== 0);
    if (!changed && !(sb && sb.diff) && !(bb && bb.diff)) continue;
    rows.push(el("tr", {}, el("td", {}, name),
                 el("td", { class: "num" }, fmt(u.planned_staffed_bed_days ? u.planned_staffed_bed_days.diff : 0, 0)),
                 el("td", { class: "num" }, fmt(u.staffed_bed_days ? u.staffed_bed_days.diff : 0, 0)),
                 el("td", { class: "num" }, fmt(sb ? sb.plan : 0, 0)),
                 el("td", { class: "num" }, fmt(bb ? bb.plan : 0, 0))));
  }
  const notes = p.diagnostics.filter((d) => d.level === "warning");
  return el("div", {},
    rows.length ? el("div", { class: "scroll" }, el("table", { class: "binds" },
                  el("thead", {}, el("tr", {}, el("th", {}, "Enhet"),
                   el("th", { class: "num" }, "Planerade vårdplatsdygn, ändring"),
                   el("th", { class: "num" }, "Öppnade vårdplatsdygn, ändring"),
                   el("th", { class: "num" }, "Dagar då personalen band"),
                   el("th", { class: "num" }, "Dagar då fysiska platser band"))),
                  el("tbody", {}, rows)))
                : el("p", { class: "hint" }, "Inget binder: allt planen lägger till öppnar."),
    notes.length ? el("ul", { class: "diags" }, notes.map(diagItem)) : null);
}
function downloads(res) {
  const links = (res.files || []).map((f) =>
    el("a", { href: `/api/jobs/${res.id}/files/${f.name}`, download: f.name }, f.label));
  return el("div", { class: "downloads" }, links);
}
function renderResult() {
  const res = state.result;
  document.body.dataset.result = res.id;   /* for tests: which answer is shown */
  const secs = res.elapsed.toLocaleString("sv-SE", { maximumFractionDigits: 1 });
  setStatus(`Klart på ${secs} s · ${res.replications} replikationer · frö ${res.seed} · ` +
            `bas: ${res.base.name}`);
  const out = $("#answer");
  out.classList.remove("stale");
  out.replaceChildren(...[
    el("h2", {}, "Svaret"),
    leadSentence(res),
    headline(res),
    el("div", { class: "legend" }, el("span", { class: "better" }, "bättre än basen"),
       el("span", { class: "worse" }, "sämre"),
       el("span", { class: "unsure" }, "ingen säker skillnad (intervallet rymmer noll)")),
    el("p", { class: "hint" }, "Skillnad plan − bas för hela regionen under perioden, med 95 % ",
       "konfidensintervall över replikationerna (parade: samma patienter i båda)."),
    el("h2", {}, "Dag för dag"),
    el("div", { id: "charts" }),
    el("h2", {}, "Vad planen ändrar och vad som binder"),
    el("div", { class: "cards" }, res.plans.map((p) =>
      el("div", { class: "card" }, el("h3", {}, p.name), planChanges(p, res),
         el("h3", {}, "Vad som binder"), binds(p, res)))),
    el("h2", {}, "Ladda ner"),
    downloads(res)].filter(Boolean));
  loadCharts(res);
}
/* The report's own day-by-day chart of plan − base with its paired
 * band (GET /api/jobs/ID/parts/days), in a frame of its own styles */
function loadCharts(res) {
  const box = $("#charts");
  const frame = el("iframe", { src: `/api/jobs/${res.id}/parts/days`, title: "Skillnaden dag för dag",
                               class: "part", loading: "eager" });
  const fit = () => {
    const doc = frame.contentDocument;
    if (doc && doc.documentElement) frame.style.height = `${doc.documentElement.scrollHeight + 4}px`;
  };
  frame.addEventListener("load", () => {
    fit();
    const doc = frame.contentDocument;
    if (doc) doc.addEventListener("toggle", fit, true);
    document.body.dataset.charts = res.id;   /* for tests: the charts are in */
  });
  box.replaceChildren(frame);
}

/* ---------- start ---------- */

async function loadBase(id) {
  state.base = id;
  const r = await fetch(`/api/scenario?id=${encodeURIComponent(id)}`);
  state.info = await r.json();
  $("#reps").value = state.reps;
  for (const p of state.plans)
    for (const c of p.changes) if (!state.info.units.some((u) => u.name === c.unit) &&
                                   !c.unit.startsWith("site:") && c.unit !== "*") c.unit = firstUnit();
  renderEditor();
  edited();
}
async function start() {
  const r = await fetch("/api/scenarios");
  const j = await r.json();
  state.scenarios = j.scenarios;
  const sel = $("#base");
  const groups = [["Grundscenarier", (s) => !s.plan], ["Planer att utgå från", (s) => s.plan]];
  for (const [title, keep] of groups)
    sel.append(el("optgroup", { label: title },
                  j.scenarios.filter(keep).map((s) => el("option", { value: s.id,
                                                                   selected: s.id === j.default },
                                                         s.name))));
  sel.addEventListener("change", (e) => loadBase(e.target.value));
  $("#reps").max = j.limits.max_replications;
  $("#reps").addEventListener("change", (e) => {
    state.reps = Math.max(2, Math.min(j.limits.max_replications, Number(e.target.value) || 20));
    e.target.value = state.reps;
    edited();
  });
  $("#auto").addEventListener("change", (e) => { state.auto = e.target.checked; });
  $("#run").addEventListener("click", async () => {
    const status = await validate();
    if (status === 200 && !state.auto) compare();
  });
  $("#cancel").addEventListener("click", async () => {
    await cancelJob();
    $("#cancel").disabled = true;
    $("#progress").hidden = true;
    setStatus("Jämförelsen avbröts.");
  });
  state.plans = [newPlan(1)];
  await loadBase(j.default);
  state.plans[0].changes.push(newRow());
  renderEditor();
  edited();
}
window.pks = state;   /* for tests and the curious: the page's state */
start();
