#!/usr/bin/python3
"""trace2extract.py — pks run --trace's per-patient event log turned into
an extract (admissions.csv, referrals.csv, operations.csv), so that pks
fit can be checked on pks's own output (tests/fit/test-fit.c): fitting
the trace of a scenario must give back that scenario's parameters.

  trace2extract.py TRACE.csv OUT_DIR ELECTIVE_FLOWS

ELECTIVE_FLOWS: comma-separated unit/flow of the elective flows (the trace
does not say a flow's kind; patients with a referral event are elective
anyway). What the trace cannot give is left empty: operation minutes, and
referral dates of patients loaded at the start (they are skipped).
Standard library only; run with /usr/bin/python3.
"""
import csv
import os
import sys


def main():
    trace, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    pat = {}
    order = []
    with open(trace, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            p = r["patient"]
            if p not in pat:
                pat[p] = {"unit": r["unit"], "flow": r["flow"], "ev": []}
                order.append(p)
            pat[p]["ev"].append((r["time"].replace("T", " "), r["event"], r["bed_unit"]))
    adm = csv.writer(open(os.path.join(out, "admissions.csv"), "w", newline="", encoding="utf-8"))
    adm.writerow(["episode", "unit", "admitted", "discharged", "kind", "flow",
                  "ready_for_discharge", "ward_unit"])
    ref = csv.writer(open(os.path.join(out, "referrals.csv"), "w", newline="", encoding="utf-8"))
    ref.writerow(["referral", "unit", "flow", "priority", "referred", "first_visit", "decided",
                  "treated", "removed", "wait_code"])
    ops = csv.writer(open(os.path.join(out, "operations.csv"), "w", newline="", encoding="utf-8"))
    ops.writerow(["operation", "unit", "start", "minutes", "inpatient", "referral"])
    admit_events = ("admit", "admit_overcrowded", "admit_outlied", "admit_forced")
    for p in order:
        x = pat[p]
        ev = x["ev"]
        kinds = [e[1] for e in ev]
        if "waitlist_initial" in kinds or "census_initial" in kinds:
            continue
        elective = "referral" in kinds
        first = {}
        for t, e, bed in ev:
            first.setdefault(e, (t, bed))
        if elective:
            ref.writerow(["R" + p, x["unit"], x["flow"], "", first["referral"][0][:10],
                          first.get("first_visit", ("",))[0][:10],
                          first.get("decision_to_treat", ("",))[0][:10],
                          first.get("operation", ("",))[0][:10], "", ""])
            if "operation" in first:
                t_op = first["operation"][0]
                inpatient = any(e[1] in admit_events for e in ev)
                ops.writerow(["O" + p, x["unit"], t_op, "", 1 if inpatient else 0, "R" + p])
        adm_ev = next((e for e in ev if e[1] in admit_events), None)
        if adm_ev is None:
            continue   # transferred out of region, or never admitted
        ward = adm_ev[2] if adm_ev[2] != x["unit"] else ""
        adm.writerow(["E" + p, x["unit"], adm_ev[0], first.get("discharge", ("",))[0],
                      "planerad" if elective else "akut", x["flow"],
                      first.get("discharge_ready", ("",))[0], ward])


if __name__ == "__main__":
    main()
