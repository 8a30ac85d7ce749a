/* pks.h — the whole public API of the pks library. */
#ifndef PKS_H
#define PKS_H

#include "pks/core/error.h"
#include "pks/core/calendar.h"
#include "pks/core/clock.h"
#include "pks/core/rng.h"
#include "pks/core/dist.h"
#include "pks/input/diag.h"
#include "pks/model/scenario.h"
#include "pks/input/load.h"
#include "pks/input/plan.h"
#include "pks/model/metrics.h"
#include "pks/model/model.h"
#include "pks/model/balance.h"
#include "pks/stats/stats.h"
#include "pks/exp/runner.h"
#include "pks/exp/cache.h"
#include "pks/exp/sched.h"
#include "pks/exp/sweep.h"
#include "pks/exp/balance.h"
#include "pks/output/output.h"
#include "pks/exp/optimise.h"
#include "pks/input/extract.h"
#include "pks/fit/fit.h"
#include "pks/exp/target.h"
#include "pks/report/report.h"

#define PKS_VERSION_STRING PKS_VERSION

#endif
