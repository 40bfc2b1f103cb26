"""The `lifetimes` side of bench/clv.sh: fits BetaGeoFitter and GammaGammaFitter to the same
summary file (frequency,recency,T,monetary_value) and prints the parameters, log-likelihoods
and the time the fits took, as JSON."""
import json
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

summary = pd.read_csv(sys.argv[1])
started = time.perf_counter()
bg = BetaGeoFitter(penalizer_coef=0.0)
bg.fit(summary["frequency"], summary["recency"], summary["T"])
bg_seconds = time.perf_counter() - started
repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
started = time.perf_counter()
gg = GammaGammaFitter(penalizer_coef=0.0)
gg.fit(repeat["frequency"], repeat["monetary_value"])
gg_seconds = time.perf_counter() - started
print(json.dumps({
    "customers": len(summary),
    "bgnbd": {k: float(v) for k, v in bg.params_.items()} | {"log_likelihood": -float(bg._negative_log_likelihood_) * len(summary)},
    "gamma_gamma": {k: float(v) for k, v in gg.params_.items()},
    "bgnbd_seconds": bg_seconds,
    "gamma_gamma_seconds": gg_seconds,
}))
