"""The reference: MLflow's own Python client doing the benchmark's work on a store.

    python reference.py <tracking-uri> lookup|history [run-id]

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
if task == "lookup":
    experiment = client.get_experiment_by_name("bench")
    runs = client.search_runs(
        [experiment.experiment_id],
        filter_string="attributes.status = 'FINISHED' AND tags.`care-label.git.ref` = 'refs/heads/main'"
        " AND tags.`mlflow.project.entryPoint` = 'main'",
        order_by=["attributes.start_time DESC"],
        max_results=2,
    )
    result = runs[0].info.run_id
else:
    run = client.get_run(sys.argv[3])
    result = sum(len(client.get_metric_history(run.info.run_id, key)) for key in run.data.metrics)
done = time.perf_counter()
print(json.dumps({
    "result": result,
    "work_ms": (done - imported) * 1000,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
