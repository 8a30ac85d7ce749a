#!/usr/bin/python3
"""gen_extract.py — a region's patient-level extract drawn from known
parameters, for testing pks fit (tests/fit/test-fit.c) and for the
benchmark (docs/fit.md). Not pks: a small simulator of its own, written
from docs/model.md's rules:

- acute admissions: a Poisson process per day with a month and a weekday
  profile (times uniform within the day), lognormal stays, a share that
  waits for the municipality (exponential) after being ready;
- elective care: Poisson referrals; first visits on weekdays at 08:00
  from one list per unit, by priority then waiting time, a weekly number
  of slots spread over the weekdays; a decision to treat with a
  probability; operating sessions at 08:00 booked from the treatment list
  by expected minutes (64 entries looked at), operations back to back with
  lognormal minutes; a share stays in bed after the operation
  (lognormal).
Beds are ample: nobody is outlied or turned away, so occupancy has its
theoretical mean (Little's law).

Writes admissions.csv, referrals.csv, operations.csv, units.csv and
truth.json (the parameters, per_year for the calendar year of --truth-year)
into --out. Standard library only; run with /usr/bin/python3.

  gen_extract.py --out DIR [--seed S] [--start 2022-01-01] [--days 1096]
                 [--region UNITS] [--scale X] [--truth-year 2024]
"""
import argparse
import csv
import datetime as dt
import heapq
import json
import math
import os
import random

MONTH = [1.15, 1.12, 1.05, 1.0, 0.95, 0.9, 0.82, 0.88, 1.0, 1.03, 1.05, 1.05]
WEEKDAY = [1.25, 1.10, 1.02, 1.00, 0.98, 0.78, 0.87]   # Mon..Sun


def lognormal(rng, mean, cv):
    s2 = math.log1p(cv * cv)
    return rng.lognormvariate(math.log(mean) - s2 / 2, math.sqrt(s2))


def small_region():
    """Three units whose parameters the recovery test knows."""
    return [
        {"unit": "Medicin", "site": "Umeå", "beds": 200,
         "acute": [{"flow": "akut", "per_year": 3000, "los": 4.5, "cv": 0.9,
                    "delay_p": 0.12, "delay_days": 3.0, "profile": True}],
         "elective": []},
        {"unit": "Kirurgi", "site": "Umeå", "beds": 120,
         "acute": [{"flow": "akut", "per_year": 2000, "los": 3.0, "cv": 1.1,
                    "delay_p": 0.0, "delay_days": 0.0, "profile": True}],
         "elective": []},
        {"unit": "Ortopedi", "site": "Umeå", "beds": 120,
         "acute": [{"flow": "akut", "per_year": 1200, "los": 5.0, "cv": 0.8,
                    "delay_p": 0.08, "delay_days": 4.0, "profile": False}],
         "elective": [{"flow": "höftprotes", "per_year": 600, "treat_p": 0.7,
                       "inpatient_p": 0.95, "los": 3.5, "cv": 0.5, "minutes": 110,
                       "minutes_cv": 0.3, "priority": 2},
                      {"flow": "knä", "per_year": 500, "treat_p": 0.6,
                       "inpatient_p": 0.5, "los": 2.0, "cv": 0.6, "minutes": 90,
                       "minutes_cv": 0.3, "priority": 2}],
         "slots": 22.0, "sessions": 6.0, "session_minutes": 240.0,
         "initial_first": 300, "initial_treat": 200},
    ]


def big_region(n_units, scale, rng):
    """A synthetic region of n_units units the size of Västerbotten: about
    140 000 admissions a year over 41 units (scale 1)."""
    units = []
    sites = ["Umeå", "Skellefteå", "Lycksele"]
    for i in range(n_units):
        site = sites[i % 3]
        acute_rate = rng.uniform(1500, 4500) * scale
        u = {"unit": "Enhet %02d %s" % (i + 1, site), "site": site, "beds": 0,
             "acute": [], "elective": []}
        for k in range(rng.choice([1, 2])):
            u["acute"].append({"flow": "akut" if k == 0 else "akut%d" % k,
                               "per_year": acute_rate / (k + 1), "los": rng.uniform(2, 7),
                               "cv": rng.uniform(0.6, 1.2), "delay_p": rng.uniform(0, 0.15),
                               "delay_days": rng.uniform(1, 6), "profile": True})
        if i % 2 == 0:
            demand = 0
            for k in range(rng.choice([1, 2, 3])):
                e = {"flow": "planerad%d" % (k + 1), "per_year": rng.uniform(300, 1500) * scale,
                     "treat_p": rng.uniform(0.4, 0.8), "inpatient_p": rng.uniform(0.2, 0.9),
                     "los": rng.uniform(1.5, 5), "cv": rng.uniform(0.4, 0.8),
                     "minutes": rng.uniform(45, 150), "minutes_cv": 0.3,
                     "priority": rng.choice([1, 2, 2, 2, 3])}
                u["elective"].append(e)
                demand += e["per_year"]
            u["slots"] = demand / 52.18 * 1.02
            u["sessions"] = sum(e["per_year"] * e["treat_p"] * e["minutes"]
                                for e in u["elective"]) / 52.18 / 200.0
            u["session_minutes"] = 240.0
            u["initial_first"] = int(demand / 8)
            u["initial_treat"] = int(demand / 16)
        # beds well above the expected census (Little's law), so that the
        # generator, which has no bed limit, and pks agree
        census = sum(f["per_year"] / 365.25 * (f["los"] + f["delay_p"] * f["delay_days"])
                     for f in u["acute"])
        census += sum(e["per_year"] * e["treat_p"] * e["inpatient_p"] / 365.25 * e["los"]
                      for e in u["elective"])
        u["beds"] = int(census * 1.5 + 4 * math.sqrt(census) + 10)
        units.append(u)
    return units


def year_norm(year):
    """Sum of month × weekday factors over a calendar year, with weekdays
    normalised to mean 1 (the generator's rates: per_year × factor / sum)."""
    d = dt.date(year, 1, 1)
    s = 0.0
    while d.year == year:
        s += MONTH[d.month - 1] * WEEKDAY[d.weekday()] / (sum(WEEKDAY) / 7)
        d += dt.timedelta(days=1)
    return s


def fmt_time(t0, minutes):
    t = t0 + dt.timedelta(minutes=minutes)
    return t.strftime("%Y-%m-%d %H:%M")


def fmt_date(t0, minutes):
    return (t0 + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%d")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", default="2022-01-01")
    ap.add_argument("--days", type=int, default=1096)
    ap.add_argument("--region", type=int, default=0)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--truth-year", type=int, default=2024)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    units = big_region(a.region, a.scale, rng) if a.region else small_region()
    start = dt.datetime.strptime(a.start, "%Y-%m-%d")
    end_min = a.days * 1440.0
    os.makedirs(a.out, exist_ok=True)
    wmean = sum(WEEKDAY) / 7
    adm = csv.writer(open(os.path.join(a.out, "admissions.csv"), "w", newline="", encoding="utf-8"))
    adm.writerow(["episode", "unit", "admitted", "discharged", "kind", "flow",
                  "ready_for_discharge", "ward_unit"])
    ref = csv.writer(open(os.path.join(a.out, "referrals.csv"), "w", newline="", encoding="utf-8"))
    ref.writerow(["referral", "unit", "flow", "priority", "referred", "first_visit", "decided",
                  "treated", "removed", "wait_code"])
    ops = csv.writer(open(os.path.join(a.out, "operations.csv"), "w", newline="", encoding="utf-8"))
    ops.writerow(["operation", "unit", "start", "minutes", "inpatient", "referral"])
    with open(os.path.join(a.out, "units.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["unit", "site", "beds", "staffed_beds"])
        for u in units:
            w.writerow([u["unit"], u["site"], u["beds"], u["beds"]])

    n_ep = 0

    def admission(unit, kind, flow, t_adm, stay, delay_p, delay_days):
        nonlocal n_ep
        n_ep += 1
        ready = None
        t_end = t_adm + stay
        if delay_p > 0 and rng.random() < delay_p:
            ready = t_end
            t_end = ready + rng.expovariate(1.0 / (delay_days * 1440.0))
        adm.writerow(["E%07d" % n_ep, unit, fmt_time(start, t_adm),
                      fmt_time(start, t_end) if t_end < end_min else "", kind, flow,
                      fmt_time(start, ready) if ready is not None and ready < end_min else "", ""])

    truth = {"flows": [], "units": []}
    for ui, u in enumerate(units):
        for f in u["acute"]:
            norm = year_norm(start.year) if f["profile"] else None
            for d in range(a.days):
                day = start + dt.timedelta(days=d)
                if f["profile"]:
                    rate = f["per_year"] * MONTH[day.month - 1] * WEEKDAY[day.weekday()] / wmean / norm
                else:
                    rate = f["per_year"] / 365.25
                n = poisson(rng, rate)
                for _ in range(n):
                    t = d * 1440.0 + rng.random() * 1440.0
                    admission(u["unit"], "akut", f["flow"], t, lognormal(rng, f["los"], f["cv"]) * 1440.0,
                              f["delay_p"], f["delay_days"])
            ty = year_norm(a.truth_year) / year_norm(start.year) if f["profile"] else 1.0
            truth["flows"].append({"unit": u["unit"], "flow": f["flow"], "kind": "acute",
                                   "per_year": f["per_year"] * (ty if f["profile"] else
                                                                (dt.date(a.truth_year + 1, 1, 1) - dt.date(a.truth_year, 1, 1)).days / 365.25),
                                   "los_days": f["los"], "los_cv": f["cv"],
                                   "discharge_delay_p": f["delay_p"],
                                   "discharge_delay_days": f["delay_days"],
                                   "weekday": [x / wmean for x in WEEKDAY] if f["profile"] else None,
                                   "month": MONTH if f["profile"] else None})
        if u["elective"]:
            elective(ui, u, a, rng, start, end_min, ref, ops, admission, truth)
        truth["units"].append({"unit": u["unit"], "beds": u["beds"],
                               "slots": u.get("slots"), "sessions": u.get("sessions")})
    with open(os.path.join(a.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)


def poisson(rng, mean):
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, int(round(rng.gauss(mean, math.sqrt(mean)))))
    l, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def elective(ui, u, a, rng, start, end_min, ref, ops, admission, truth):
    """The elective chain of one unit, day by day."""
    flows = u["elective"]
    first, treat = [], []          # heaps of (priority, t_wait, serial, patient)
    patients = []

    def new_patient(fi, t_ref):
        f = flows[fi]
        p = {"id": "R%02d-%07d" % (ui, len(patients)), "serial": len(patients), "flow": fi,
             "referred": t_ref, "fv": None, "dec": None, "tr": None,
             "treat": rng.random() < f["treat_p"], "code": "PvV" if rng.random() < 0.02 else ""}
        patients.append(p)
        return p

    def push(heap, p, t_wait):
        heapq.heappush(heap, (flows[p["flow"]]["priority"], t_wait, p["serial"], p))

    # the lists at the generator's start: waits spread over the previous
    # 120 days (first visit) and 90 days (treatment)
    for k in range(u.get("initial_first", 0)):
        p = new_patient(rng.randrange(len(flows)), -rng.random() * 120 * 1440.0)
        push(first, p, p["referred"])
    for k in range(u.get("initial_treat", 0)):
        p = new_patient(rng.randrange(len(flows)), -(90 + rng.random() * 90) * 1440.0)
        p["fv"] = p["dec"] = -rng.random() * 90 * 1440.0
        p["treat"] = True
        push(treat, p, p["dec"])
    min_minutes = min(f["minutes"] for f in flows)
    carry_s = carry_f = 0.0
    n_op = 0
    for d in range(int(end_min / 1440)):
        day = start + dt.timedelta(days=d)
        t_clinic = d * 1440.0 + 8 * 60.0
        arrivals = []
        for fi, f in enumerate(flows):
            for _ in range(poisson(rng, f["per_year"] / 365.25)):
                arrivals.append((d * 1440.0 + rng.random() * 1440.0, fi))
        arrivals.sort()
        later = []
        for t, fi in arrivals:
            p = new_patient(fi, t)
            if t < t_clinic:
                push(first, p, t)
            else:
                later.append(p)
        if day.weekday() < 5:
            carry_f += u["slots"] / 5.0
            n = math.floor(carry_f + 1e-9)
            carry_f -= n
            for _ in range(int(n)):
                if not first:
                    break
                p = heapq.heappop(first)[3]
                p["fv"] = t_clinic
                if p["treat"]:
                    p["dec"] = t_clinic
                    push(treat, p, t_clinic)
            carry_s += u["sessions"] / 5.0
            ns = math.floor(carry_s + 1e-9)
            carry_s -= ns
            for _ in range(int(ns)):
                left = u["session_minutes"]
                booked, aside = [], []
                scanned = 0
                while scanned < 64 and left >= min_minutes - 1e-9 and treat:
                    e = heapq.heappop(treat)
                    expect = flows[e[3]["flow"]]["minutes"]
                    if expect <= left + 1e-9 or (not booked and expect > u["session_minutes"]):
                        booked.append(e[3])
                        left -= expect
                    else:
                        aside.append(e)
                    scanned += 1
                for e in aside:
                    heapq.heappush(treat, e)
                t = t_clinic
                for p in booked:
                    f = flows[p["flow"]]
                    minutes = lognormal(rng, f["minutes"], f["minutes_cv"])
                    p["tr"] = t
                    n_op += 1
                    inpatient = rng.random() < f["inpatient_p"]
                    ops.writerow(["OP%02d-%07d" % (ui, n_op), u["unit"], fmt_time(start, t),
                                  "%.0f" % minutes, 1 if inpatient else 0, p["id"]])
                    if inpatient:
                        stay = minutes + lognormal(rng, f["los"], f["cv"]) * 1440.0
                        admission(u["unit"], "planerad", f["flow"], t, stay, 0.0, 0.0)
                    t += minutes
        for p in later:
            push(first, p, p["referred"])
    for p in patients:
        f = flows[p["flow"]]
        ref.writerow([p["id"], u["unit"], f["flow"], f["priority"], fmt_date(start, p["referred"]),
                      fmt_date(start, p["fv"]) if p["fv"] is not None else "",
                      fmt_date(start, p["dec"]) if p["dec"] is not None else "",
                      fmt_date(start, p["tr"]) if p["tr"] is not None else "", "",
                      p["code"]])
    ydays = (dt.date(a.truth_year + 1, 1, 1) - dt.date(a.truth_year, 1, 1)).days
    for f in flows:
        truth["flows"].append({"unit": u["unit"], "flow": f["flow"], "kind": "elective",
                               "per_year": f["per_year"] * ydays / 365.25,
                               "los_days": f["los"], "los_cv": f["cv"], "treat_p": f["treat_p"],
                               "inpatient_p": f["inpatient_p"], "surgery_minutes": f["minutes"],
                               "priority": f["priority"]})


if __name__ == "__main__":
    main()
