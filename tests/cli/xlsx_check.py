#!/usr/bin/python3
"""xlsx_check.py KIND WORKBOOK DIR [LANG] - read a workbook of pks back with
openpyxl (an independent reader, Debian's python3-openpyxl) and check it
against the CSV files of the same run in DIR: every number equal to the
file's, numbers stored as numbers with a number format, each mean with its
95 % interval beside it, the header row frozen and filtered, columns as
wide as their contents, sheet names and headers in the language. KIND is
run, compare, sweep or optimise. Prints what it checked; raises on the
first difference. Run by tests/cli/test-excel.c."""
import csv
import os
import sys

import openpyxl

kind, path, folder = sys.argv[1], sys.argv[2], sys.argv[3]
lang = sys.argv[4] if len(sys.argv) > 4 else "sv"
SV = lang == "sv"
SHEETS = {
    "summary": "Sammanfattning" if SV else "Summary",
    "compare": "Jämförelse" if SV else "Comparison",
    "month": "Per månad" if SV else "By month",
    "units": "Per enhet" if SV else "By unit",
    "settings": "Inställningar" if SV else "Settings",
    "balance": "PKS-balans" if SV else "PKS balance",
    "target": "Kapacitetsbehov" if SV else "Capacity needed",
}
checked = 0


def fail(msg):
    raise SystemExit(f"xlsx_check {kind}: {msg}")


def num(text):
    """A number of a CSV file as pks writes it; None for an empty field."""
    return None if text == "" else float(text)


def rows_of(name, sub="."):
    with open(os.path.join(folder, sub, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def sheet_rows(ws):
    """The table of a sheet: its header row and the rows under it, up to the
    first empty row (a note follows after one)."""
    header = [c.value for c in ws[1]]
    out = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in row):
            break
        out.append(dict(zip(header, row)))
    return header, out


def same(got, want, where, rel=0.0):
    """Numbers equal to the file's to the last digit (the workbook stores the
    CSV's 10 significant digits); an empty field is an empty cell. rel: a
    relative tolerance, for a number run.json writes with more digits."""
    global checked
    if want is None:
        if got is not None:
            fail(f"{where}: {got!r}, the file has nothing")
        return
    if not isinstance(got, (int, float)) or isinstance(got, bool):
        fail(f"{where}: {got!r} is not a number (the file has {want})")
    if abs(got - want) > rel * abs(want):
        fail(f"{where}: {got!r} != {want!r}")
    checked += 1


def check_layout(ws, frozen_cols):
    """Frozen header (and name columns), a filter, number formats, widths."""
    want = f"{openpyxl.utils.get_column_letter(frozen_cols + 1)}2"
    if ws.freeze_panes != want:
        fail(f"{ws.title}: panes frozen at {ws.freeze_panes}, expected {want}")
    if not ws.auto_filter.ref or not ws.auto_filter.ref.startswith("A1:"):
        fail(f"{ws.title}: no filter on the header row")
    for c in ws[1]:
        if c.value is not None and not c.font.b:
            fail(f"{ws.title}: header {c.value!r} is not bold")
    for col in ws.iter_cols(min_row=1, max_row=min(ws.max_row, 400)):
        letter = col[0].column_letter
        width = ws.column_dimensions[letter].width
        for c in col[1:]:
            if isinstance(c.value, (int, float)):
                if c.number_format in ("General", "@"):
                    fail(f"{ws.title}!{c.coordinate}: a number without a number format")
                # a number as shown with its grouping: digits, separators and decimals
                shown = len(f"{c.value:,.{c.number_format.count('0') - 1 if '.' in c.number_format else 0}f}")
                if width < shown:
                    fail(f"{ws.title}: column {letter} is {width} wide, {c.value} needs {shown}")
            elif isinstance(c.value, str) and len(c.value) < 60 and width < len(c.value):
                fail(f"{ws.title}: column {letter} is {width} wide, {c.value!r} needs {len(c.value)}")


def check_summary_sheets(wb, scenarios):
    """Sammanfattning (region, sites) and Per enhet (units) against
    summary.csv of each scenario: every row of the file is in the workbook
    with its three numbers beside each other."""
    many = len(scenarios) > 1
    for key, units in (("summary", False), ("units", True)):
        ws = wb[SHEETS[key]]
        header, rows = sheet_rows(ws)
        mean_h, lo_h, hi_h = header[-4:-1]
        if not (SV and mean_h == "Medelvärde" and lo_h == "95 % KI från" and hi_h == "95 % KI till"
                or not SV and mean_h == "Mean" and lo_h == "95 % CI from" and hi_h == "95 % CI to"):
            fail(f"{ws.title}: mean and interval columns are {header[-4:-1]}")
        check_layout(ws, 4 if many else 3)
        seen = {}
        for r in rows:
            scen = r[header[0]] if many else "."
            name = r[header[2] if many else header[1]]
            seen[(scen, name, r[header[-1]])] = r
        for scen_name, sub in scenarios:
            for f in rows_of("summary.csv", sub):
                if (f["scope"] == "unit") != units:
                    continue
                k = (scen_name if many else ".", f["name"], f["metric"])
                if k not in seen:
                    fail(f"{ws.title}: no row for {k}")
                r = seen[k]
                for h, col in ((mean_h, "mean"), (lo_h, "ci_low"), (hi_h, "ci_high")):
                    same(r[h], num(f[col]), f"{ws.title} {k} {col}")


def check_months(wb, scenarios):
    ws = wb[SHEETS["month"]]
    header, rows = sheet_rows(ws)
    many = len(scenarios) > 1
    check_layout(ws, 3 if many else 2)
    first = 3 if many else 2
    got = {}
    for r in rows:
        vals = [r[h] for h in header]
        key = (vals[0] if many else ".", vals[first - 2], vals[first - 1])
        got[key] = vals[first:]
    cols = ["waiting_first_visit", "waiting_treatment", "vg_first_visit_pct", "vg_treatment_pct",
            "operations", "cancelled_operations"]
    for scen_name, sub in scenarios:
        for f in rows_of("monthly.csv", sub):
            key = (scen_name if many else ".", f["month"], f["unit"])
            if key not in got:
                fail(f"{ws.title}: no row for {key}")
            for i, c in enumerate(cols):
                same(got[key][3 * i], num(f[c]), f"{ws.title} {key} {c}")
                lo, hi = got[key][3 * i + 1], got[key][3 * i + 2]
                if lo is not None and not lo <= got[key][3 * i] <= hi:
                    fail(f"{ws.title} {key} {c}: the mean lies outside its interval")


def check_balance(wb):
    """PKS-balans against balance.csv: every month's and tertial's row (the
    weeks stay in the file) with its six estimates and the days."""
    ws = wb[SHEETS["balance"]]
    header, rows = sheet_rows(ws)
    check_layout(ws, 4)
    level = {"region": "Region", "site": "Sjukhus" if SV else "Hospital", "area": "Område" if SV else "Area",
             "clinic": "Klinik/centrum" if SV else "Clinic", "unit": "Enhet" if SV else "Unit"}
    got = {(r[header[0]], r[header[1]], r[header[2]], r[header[-1]]): [r[h] for h in header[5:-1]]
           for r in rows}
    cols = ["demand", "capacity", "production", "backlog_change", "backlog_end", "removed"]
    n = 0
    for f in rows_of("balance.csv"):
        k = (f["period"], level[f["scope"]], f["name"], f["resource"])
        if "-W" in f["period"]:
            if k in got:
                fail(f"{ws.title}: a week's row {k}")
            continue
        if k not in got:
            fail(f"{ws.title}: no row for {k}")
        v = got.pop(k)
        for i, c in enumerate(cols):
            for j, s in enumerate(("mean", "ci_low", "ci_high")):
                same(v[3 * i + j], num(f[f"{c}_{s}"]), f"{ws.title} {k} {c}_{s}")
        same(v[-1], num(f["days"]), f"{ws.title} {k} days")
        n += 1
    if got:
        fail(f"{ws.title}: rows not in balance.csv: {list(got)[:3]}")
    if n == 0:
        fail("no balance rows checked")


def check_settings(wb):
    ws = wb[SHEETS["settings"]]
    header, rows = sheet_rows(ws)
    if not rows:
        fail("no settings")
    for r in rows:
        label, code = r[header[-4]], r[header[-1]]
        if label == code:
            fail(f"{ws.title}: {code} has no words")


wb = openpyxl.load_workbook(path)
names = wb.sheetnames
if kind == "run":
    want = [SHEETS[k] for k in ("summary", "month", "units", "balance", "settings")]
    if names != want:
        fail(f"sheets {names}, expected {want}")
    check_summary_sheets(wb, [(".", ".")])
    check_months(wb, [(".", ".")])
    if os.path.exists(os.path.join(folder, "balance.csv")):
        check_balance(wb)
    check_settings(wb)
elif kind == "compare":
    want = [SHEETS[k] for k in ("summary", "compare", "month", "units", "settings")]
    if names != want:
        fail(f"sheets {names}, expected {want}")
    import json
    meta = json.load(open(os.path.join(folder, "run.json"), encoding="utf-8"))
    scen = [(meta["base"]["name"], meta["base"]["dir"])] + [(p["name"], p["dir"]) for p in meta["plans"]]
    check_summary_sheets(wb, scen)
    check_months(wb, scen)
    check_settings(wb)
    ws = wb[SHEETS["compare"]]
    header, rows = sheet_rows(ws)
    check_layout(ws, 4)
    got = {(r[header[0]], r[header[2]], r[header[-1]], r[header[1]]): r for r in rows}
    scope_words = {"region": "Region", "site": "Sjukhus" if SV else "Hospital",
                   "area": "Område" if SV else "Area", "clinic": "Klinik/centrum" if SV else "Clinic",
                   "unit": "Enhet" if SV else "Unit"}
    for f in rows_of("compare.csv"):
        k = (f["plan"], f["name"], f["metric"], scope_words[f["scope"]])
        if k not in got:
            fail(f"{ws.title}: no row for {k}")
        r = got[k]
        for i, col in enumerate(("base_mean", "plan_mean", "diff_mean", "diff_ci_low", "diff_ci_high")):
            same(r[header[5 + i]], num(f[col]), f"{ws.title} {k} {col}")
elif kind == "sweep":
    want = [SHEETS[k] for k in ("compare", "settings")]
    if names != want:
        fail(f"sheets {names}, expected {want}")
    ws = wb[SHEETS["compare"]]
    header, rows = sheet_rows(ws)
    file_rows = rows_of("sweep.csv")
    factors = len(header) - 13
    check_layout(ws, 1 + factors)
    got = {}
    for r in rows:
        v = [r[h] for h in header]
        got[(v[0], v[2 + factors], v[-1])] = v
    n = 0
    for f in file_rows:
        if f["mean"] == "":
            continue   # undefined at the point: not a row of the sheet
        k = (f["point"], f["name"], f["metric"])
        if k not in got:
            fail(f"{ws.title}: no row for {k}")
        v = got[k]
        for i, col in enumerate(("mean", "ci_low", "ci_high", "diff_mean", "diff_ci_low", "diff_ci_high")):
            same(v[5 + factors + i], num(f[col]), f"{ws.title} {k} {col}")
        n += 1
    if n == 0:
        fail("no sweep rows checked")
elif kind == "optimise":
    want = [SHEETS[k] for k in ("summary", "settings")]
    if names != want:
        fail(f"sheets {names}, expected {want}")
    ws = wb[SHEETS["summary"]]
    header, rows = sheet_rows(ws)
    check_layout(ws, 2)
    file_rows = rows_of("optimise.csv")
    for i, f in enumerate(file_rows):
        r = rows[i]
        same(r[header[0]], float(f["rank"]), f"rank {i + 1}")
        if r[header[1]] != f["allocation"]:
            fail(f"rank {i + 1}: allocation {r[header[1]]!r} != {f['allocation']!r}")
        tail = [r[h] for h in header[-9:]]
        for j, col in enumerate(("objective_mean", "objective_ci_low", "objective_ci_high",
                                 "gap_to_best_mean", "gap_to_best_ci_low", "gap_to_best_ci_high")):
            same(tail[j], num(f[col]), f"rank {i + 1} {col}")
    base = rows[len(file_rows)]
    import json
    meta = json.load(open(os.path.join(folder, "run.json"), encoding="utf-8"))
    # run.json has 17 digits, the workbook the CSV's 10
    same(base[header[-9]], meta["base"]["mean"], "the base's objective", 1e-9)
elif kind == "target":
    want = [SHEETS[k] for k in ("target", "settings")]
    if names != want:
        fail(f"sheets {names}, expected {want}")
    ws = wb[SHEETS["target"]]
    header, rows = sheet_rows(ws)
    check_layout(ws, 1)
    file_rows = rows_of("target.csv")
    if len(rows) != len(file_rows):
        fail(f"{ws.title}: {len(rows)} rows, target.csv has {len(file_rows)}")
    cols = ["base", "needed", "added", "metric_mean", "metric_ci_low", "metric_ci_high", "p_met",
            "p_met_ci_low", "p_met_ci_high", "p_met_one_less", "p_base", "p_max", "max_add",
            "p_met_check", "p_met_one_less_check"]
    for r, f in zip(rows, file_rows):
        v = [r[h] for h in header]
        if v[0] != f["unit"] or v[1] != f["resource"] or v[-1] != f["status"]:
            fail(f"{ws.title}: row {v[0]!r} {v[-1]!r} != {f['unit']!r} {f['status']!r}")
        for i, c in enumerate(cols):
            same(v[2 + i], num(f[c]), f"{ws.title} {f['unit']} {c}")
        if (v[-2] or "") != f["shares_beds_with"]:
            fail(f"{ws.title}: shares beds {v[-2]!r} != {f['shares_beds_with']!r}")
    check_settings(wb)
elif kind == "fit":
    files = [("fit.csv", "Anpassning" if SV else "Fit"), ("fit_checks.csv", "Kontroller" if SV else "Checks")]
    if os.path.exists(os.path.join(folder, "backtest.csv")):
        files.append(("backtest.csv", "Mot utfallet" if SV else "Back-test"))
    want = [sheet for _, sheet in files]
    if names != want:
        fail(f"sheets {names}, expected {want}")
    for file, sheet in files:
        ws = wb[sheet]
        check_layout(ws, 3)
        with open(os.path.join(folder, file), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        got = list(ws.iter_rows(min_row=2, values_only=True))
        if len(got) != len(rows) - 1:
            fail(f"{sheet}: {len(got)} rows, {file} has {len(rows) - 1}")
        for i, (g, r) in enumerate(zip(got, rows[1:])):
            for j, text in enumerate(r):
                try:
                    want_v = float(text)
                except ValueError:
                    if (g[j] or "") != text:
                        fail(f"{sheet} row {i + 2} column {j + 1}: {g[j]!r} != {text!r}")
                    continue
                same(g[j], want_v, f"{sheet} row {i + 2} column {j + 1}")
else:
    fail(f"unknown kind {kind}")
print(f"{kind}: {checked} numbers equal to the CSV files; sheets {names}")
