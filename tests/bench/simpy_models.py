#!/usr/bin/python3
"""SimPy equivalents of two pks models, for the side-by-side benchmark.

Run with the system python3 that Debian's python3-simpy3 installs into
(/usr/bin/python3). bench-pks (bench-pks.c, section "simpy") runs the same
parameters in pks and compares results and speed.

beds      M/G/c/c: one unit with c beds, Poisson arrivals, lognormal stays
          (mean, CV); an arrival that finds every bed busy leaves (transfer
          out). Reports the blocked share and the time-average census.
elective  the planned-care chain as pks models it: Poisson referrals join a
          first-visit list; each weekday at 08:00 up to `slots` first visits
          are served FIFO; each visit leads to a decision to treat with
          probability treat_p; then the day's sessions are booked FIFO by
          expected duration (session // expected patients each) and operated
          back to back with lognormal durations. Reports mean waits (days,
          continuous) and operations.

Time is in minutes, as in pks. A warm-up is simulated and discarded.
Output: one JSON object with per-replication results and the CPU time.
"""
import argparse
import json
import math
import random
import time

import simpy

DAY = 1440.0


def lognormal(rng, mean, cv):
    if cv <= 0:
        return mean
    s2 = math.log1p(cv * cv)
    return rng.lognormvariate(math.log(mean) - 0.5 * s2, math.sqrt(s2))


def run_beds(seed, c, lam_per_day, los_days, cv, warmup_days, days):
    rng = random.Random(seed)
    env = simpy.Environment()
    beds = simpy.Resource(env, capacity=c)
    t0, t_end = warmup_days * DAY, (warmup_days + days) * DAY
    stats = {"arrivals": 0, "blocked": 0, "area": 0.0, "last": t0, "events": 0}

    def account(now):
        lo = max(stats["last"], t0)
        hi = min(now, t_end)
        if hi > lo:
            stats["area"] += (hi - lo) * beds.count
        stats["last"] = now

    def stay(req, dur):
        yield env.timeout(dur)
        account(env.now)
        beds.release(req)
        stats["events"] += 1

    def arrivals():
        while True:
            yield env.timeout(rng.expovariate(lam_per_day / DAY))
            stats["events"] += 1
            if env.now >= t0:
                stats["arrivals"] += 1
            if beds.count >= c:
                if env.now >= t0:
                    stats["blocked"] += 1
                continue
            account(env.now)
            req = beds.request()
            yield req
            env.process(stay(req, lognormal(rng, los_days * DAY, cv)))

    env.process(arrivals())
    env.run(until=t_end)
    account(t_end)
    return {
        "blocked_share": stats["blocked"] / max(1, stats["arrivals"]),
        "mean_census": stats["area"] / (days * DAY),
        "events": stats["events"],
    }


def run_elective(seed, per_year, slots_per_day, sessions_per_day, session_min,
                 surgery_min, surgery_cv, treat_p, warmup_days, days, start_weekday):
    rng = random.Random(seed)
    env = simpy.Environment()
    first, treat = [], []           # FIFO lists of wait starts (minutes)
    t0, t_end = warmup_days * DAY, (warmup_days + days) * DAY
    st = {"fv_n": 0, "fv_wait": 0.0, "ops": 0, "tr_wait": 0.0, "events": 0}
    per_op = int(session_min // surgery_min + 1e-9)

    def referrals():
        while True:
            yield env.timeout(rng.expovariate(per_year / 365.0 / DAY))
            st["events"] += 1
            first.append((env.now, rng.random() < treat_p))

    def operate(start, booked):
        t = start
        for t_wait in booked:
            if t >= t0 and t < t_end:
                st["ops"] += 1
                st["tr_wait"] += (t - t_wait) / DAY
            dur = lognormal(rng, surgery_min, surgery_cv)
            yield env.timeout(dur)
            st["events"] += 1
            t = env.now

    def clinic():
        day = 0
        yield env.timeout(8 * 60)
        while True:
            st["events"] += 1
            if (start_weekday + day) % 7 < 5:
                for _ in range(min(slots_per_day, len(first))):
                    t_ref, will_treat = first.pop(0)
                    if env.now >= t0 and env.now < t_end:
                        st["fv_n"] += 1
                        st["fv_wait"] += (env.now - t_ref) / DAY
                    if will_treat:
                        treat.append(env.now)
                for _ in range(sessions_per_day):
                    booked = treat[:per_op]
                    del treat[:per_op]
                    if booked:
                        env.process(operate(env.now, booked))
            day += 1
            yield env.timeout(DAY)

    env.process(referrals())
    env.process(clinic())
    env.run(until=t_end)
    return {
        "ops": st["ops"],
        "wait_first_visit_mean_days": st["fv_wait"] / max(1, st["fv_n"]),
        "wait_treatment_mean_days": st["tr_wait"] / max(1, st["ops"]),
        "events": st["events"],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model", choices=["beds", "elective"])
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warmup", type=float, default=100)
    ap.add_argument("--days", type=float, default=365)
    ap.add_argument("--beds", type=int, default=20)
    ap.add_argument("--lam", type=float, default=3.0, help="arrivals per day")
    ap.add_argument("--los", type=float, default=5.0)
    ap.add_argument("--cv", type=float, default=1.0)
    ap.add_argument("--per-year", type=float, default=1000)
    ap.add_argument("--slots", type=int, default=4, help="first-visit slots per weekday")
    ap.add_argument("--sessions", type=int, default=1, help="sessions per weekday")
    ap.add_argument("--session-min", type=float, default=240)
    ap.add_argument("--surgery-min", type=float, default=60)
    ap.add_argument("--surgery-cv", type=float, default=0.3)
    ap.add_argument("--treat-p", type=float, default=0.8)
    ap.add_argument("--start-weekday", type=int, default=0, help="0 = Monday")
    a = ap.parse_args()
    reps = []
    t = time.process_time()
    for r in range(a.reps):
        seed = a.seed * 1000003 + r
        if a.model == "beds":
            reps.append(run_beds(seed, a.beds, a.lam, a.los, a.cv, a.warmup, a.days))
        else:
            reps.append(run_elective(seed, a.per_year, a.slots, a.sessions, a.session_min,
                                     a.surgery_min, a.surgery_cv, a.treat_p, a.warmup,
                                     a.days, a.start_weekday))
    cpu = time.process_time() - t
    print(json.dumps({"model": a.model, "reps": reps, "cpu_seconds": cpu}))


if __name__ == "__main__":
    main()
