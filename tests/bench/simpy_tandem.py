#!/usr/bin/python3
"""A tandem of two bed units with blocking, written in SimPy 3, to check
pks's pathways (transfers.csv) against an independent model of the same
system (tests/validation/test-pathways.c runs both side by side).

Unit A has `c1` beds and Poisson arrivals (`lam` a day); an arrival that
finds every bed of A taken leaves (out of region). After a lognormal stay
on A (mean `los1` days, CV `cv1`) a patient moves on to unit B with
probability `p`, for a lognormal stay there (`los2`, `cv2`); the others
go home. B has `c2` beds and no arrivals of its own. When B has no free bed
the patient waits in its bed on A (blocking) until one frees; blocked
patients move in the order their stays on A ended. A patient moving to B
frees its bed on A at once.

Time is in minutes, as in pks. A warm-up is simulated and discarded; what
happens in the reported period is counted as pks counts it: arrivals and
losses when they arrive, transfers when they are decided (blocked or not)
and when made, blocked bed-days and census integrals within the period.
Run with Debian's python3 (python3-simpy3): /usr/bin/python3.
Output: one JSON object with per-replication results.
"""
import argparse
import collections
import json
import random

import simpy

from simpy_models import DAY, lognormal   # beside this script


def run(seed, a):
    rng = random.Random(seed)
    env = simpy.Environment()
    t0, t_end = a.warmup * DAY, (a.warmup + a.days) * DAY
    census = {"A": 0, "B": 0}
    area = {"A": 0.0, "B": 0.0}
    last = {"A": 0.0, "B": 0.0}
    blocked = collections.deque()          # (event to resume, time the stay ended)
    st = collections.Counter()

    def touch(u):
        lo, hi = max(last[u], t0), min(env.now, t_end)
        if hi > lo:
            area[u] += (hi - lo) * census[u]
        last[u] = env.now

    def in_period(t_from, t_to):
        return max(0.0, min(t_to, t_end) - max(t_from, t0))

    def stay_b():
        yield env.timeout(lognormal(rng, a.los2 * DAY, a.cv2))
        touch("B")
        census["B"] -= 1
        if blocked:
            # the first blocked patient takes the bed at once
            ev, _ = blocked.popleft()
            ev.succeed()

    def patient():
        yield env.timeout(lognormal(rng, a.los1 * DAY, a.cv1))
        if rng.random() >= a.p:
            touch("A")
            census["A"] -= 1
            return
        ended = env.now
        if env.now >= t0:
            st["decided"] += 1
        if census["B"] >= a.c2:
            if env.now >= t0:
                st["blocked"] += 1
            ev = env.event()
            blocked.append((ev, ended))
            yield ev
            st["blocked_min"] += in_period(ended, env.now)
        touch("A")
        census["A"] -= 1
        touch("B")
        census["B"] += 1
        if env.now >= t0:
            st["moved"] += 1
        env.process(stay_b())

    def arrivals():
        while True:
            yield env.timeout(rng.expovariate(a.lam / DAY))
            if env.now >= t0:
                st["arrivals"] += 1
            if census["A"] >= a.c1:
                if env.now >= t0:
                    st["lost"] += 1
                continue
            touch("A")
            census["A"] += 1
            env.process(patient())

    env.process(arrivals())
    env.run(until=t_end)
    touch("A")
    touch("B")
    # patients still blocked at the end: their wait up to the end
    for _, ended in blocked:
        st["blocked_min"] += in_period(ended, t_end)
    return {
        "loss_share": st["lost"] / max(1, st["arrivals"]),
        "census_a": area["A"] / (a.days * DAY),
        "census_b": area["B"] / (a.days * DAY),
        "blocked_share": st["blocked"] / max(1, st["decided"]),
        "blocked_days": st["blocked_min"] / DAY,
        "transfers": st["moved"],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warmup", type=float, default=100)
    ap.add_argument("--days", type=float, default=365)
    ap.add_argument("--lam", type=float, default=4.0, help="arrivals at A per day")
    ap.add_argument("--c1", type=int, default=20)
    ap.add_argument("--los1", type=float, default=4.0)
    ap.add_argument("--cv1", type=float, default=1.0)
    ap.add_argument("--p", type=float, default=0.5)
    ap.add_argument("--c2", type=int, default=6)
    ap.add_argument("--los2", type=float, default=3.0)
    ap.add_argument("--cv2", type=float, default=1.0)
    a = ap.parse_args()
    reps = [run(a.seed * 1000003 + r, a) for r in range(a.reps)]
    print(json.dumps({"model": "tandem", "reps": reps}))


if __name__ == "__main__":
    main()
