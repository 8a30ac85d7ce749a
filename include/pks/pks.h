/* pks.h — the whole public API of the pks library. */
#ifndef PKS_H
#define PKS_H

#include "error.h"
#include "calendar.h"
#include "clock.h"
#include "rng.h"
#include "dist.h"
#include "diag.h"
#include "scenario.h"
#include "load.h"
#include "metrics.h"
#include "model.h"
#include "stats.h"
#include "runner.h"
#include "sched.h"
#include "sweep.h"
#include "output.h"
#include "optimise.h"
#include "report.h"

#define PKS_VERSION_STRING PKS_VERSION

#endif
