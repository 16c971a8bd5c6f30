"""The reference: MLflow's own Python client doing the benchmark's work on a store.

    python reference.py <tracking-uri> lookup|single|window|history [run-id]

Prints one JSON line: the milliseconds of the work itself (after `import mlflow`) and the peak
resident memory of the process.
"""
import json
import resource
import sys
import time

import os

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"  # legacy FileStores are read only when allowed
started = time.perf_counter()
import mlflow  # noqa: E402

uri, task = sys.argv[1], sys.argv[2]
client = mlflow.MlflowClient(uri)
imported = time.perf_counter()


def branch_runs(max_results):
    """The latest finished runs of the branch's entry point, newest first (the baseline search)."""
    experiment = client.get_experiment_by_name("bench")
    return client.search_runs(
        [experiment.experiment_id],
        filter_string="attributes.status = 'FINISHED' AND tags.`care-label.git.ref` = 'refs/heads/main'"
        " AND tags.`mlflow.project.entryPoint` = 'main'",
        order_by=["attributes.start_time DESC"],
        max_results=max_results,
    )


if task == "lookup":
    result = branch_runs(2)[0].info.run_id
elif task in ("single", "window"):
    # The baseline: the 1 or 100 finished runs of the branch before the newest, with their metrics.
    window = 100 if task == "window" else 1
    result = ",".join(r.info.run_id for r in branch_runs(window + 1)[1 : window + 1])
else:
    run = client.get_run(sys.argv[3])
    result = sum(len(client.get_metric_history(run.info.run_id, key)) for key in run.data.metrics)
done = time.perf_counter()
print(json.dumps({
    "result": result,
    "work_ms": (done - imported) * 1000,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
