"""Writes an MLflow store with the pinned MLflow and answers search cases with MLflow itself.

    python search_reference.py <tracking-uri> <cases.json>

Prints one JSON object: {"experiment_ids": [...], "filters": [...], "results": [[run ids...] |
{"rejected": msg}]}. A case's filter may name the i-th run written as {run:i} (run ids are new on
every run of this script); "filters" gives each case's filter with the ids in place.
The store has varied params, metrics (NaN, +-inf, several steps), tags, statuses, deleted and
nested runs, so that the TypeScript stores can be compared with MLflow's own search_runs.
"""
import json
import math
import re
import sys
import time

import mlflow
from mlflow import MlflowClient

uri, cases_path = sys.argv[1], sys.argv[2]
mlflow.set_tracking_uri(uri)
client = MlflowClient()
cases = json.load(open(cases_path))

exp_a = mlflow.set_experiment("search-a").experiment_id
exp_b = mlflow.set_experiment("search-b").experiment_id

NOTES = ["baseline", "Baseline", "it's a \"test\"", "50% off", "under_score", "with space", "", "UPPER"]
STATUSES = ["FINISHED", "FINISHED", "FINISHED", "FAILED", "KILLED", "FINISHED", "RUNNING"]
ids = []
for i in range(36):
    mlflow.set_experiment("search-a" if i % 4 else "search-b")
    run = client.create_run(
        experiment_id=exp_a if i % 4 else exp_b,
        run_name=f"run-{i:02d}" if i % 5 else f"Run-{i:02d}",
        start_time=1_700_000_000_000 + (i * 7919) % 36 * 1000 + (0 if i % 9 else 0),
        tags={
            "branch": ["main", "feature/x", "release-1"][i % 3],
            "mlflow.project.entryPoint": "main" if i % 2 else "smoke",
            "care-label.git.ref": "refs/heads/main" if i % 3 == 0 else f"refs/pull/{i}/merge",
            **({"only-some": str(i)} if i % 6 == 0 else {}),
        },
    )
    rid = run.info.run_id
    ids.append(rid)
    client.log_param(rid, "depth", str(i % 7))
    client.log_param(rid, "lr", ["0.1", "0.01", "1e-3", "0.5"][i % 4])
    client.log_param(rid, "note", NOTES[i % len(NOTES)])
    if i % 5 != 0:
        client.log_param(rid, "optional", "yes" if i % 2 else "no")
    acc = [0.5 + (i % 10) / 20, float("nan"), 0.9][i % 3] if i % 11 else float("nan")
    for step in range(3):
        client.log_metric(rid, "acc", acc - 0.01 * (2 - step) if not math.isnan(acc) else acc, step=step, timestamp=1_700_000_000_000 + step)
    client.log_metric(rid, "loss", [1.0, float("inf"), float("-inf"), 0.25, 2.5][i % 5])
    if i % 4 == 0:
        client.log_metric(rid, "latency ms", float(i))
    if i % 8 == 0:
        client.set_tag(rid, "mlflow.parentRunId", ids[0])
    client.set_terminated(rid, STATUSES[i % len(STATUSES)], end_time=1_700_000_100_000 + i) if STATUSES[i % len(STATUSES)] != "RUNNING" else None

for rid in ids[5::9]:
    client.delete_run(rid)

results = []
filters = []
for case in cases:
    filter_string = re.sub(r"\{run:(\d+)\}", lambda m: ids[int(m.group(1))], case["filter"])
    filters.append(filter_string)
    try:
        found = client.search_runs(
            experiment_ids=[exp_a, exp_b],
            filter_string=filter_string,
            order_by=case.get("order_by") or None,
            max_results=1000,
        )
        results.append([r.info.run_id for r in found])
    except Exception as error:  # a rejected filter
        results.append({"rejected": str(error)[:300]})

print(json.dumps({"experiment_ids": [exp_a, exp_b], "filters": filters, "results": results}))
