"""Fills a team server's store for bench/team.mjs: N finished runs in experiment `bench`, each
with 10 params, 10 tags (the branch and entry-point tags the baseline lookup filters on among
them, as in bench/make_store.py) and the latest values of 10 metrics.

    python team_fill.py <backend-store-uri> <runs> [processes, default: one per CPU]

MLflow's own client writes them straight to the tracking server's PostgreSQL (its
SqlAlchemyStore), not over HTTP: through the server every request pays the basic-auth app's
password hash (about 1.4 s a run on a 2-CPU machine, against about 30 ms). The runs are split between
processes, each with its own connection, as most of the time is the client's own (SQLAlchemy).
Only the latest metric values are logged (one point each): the lookup reads runs, not
histories. Prints one JSON line: the runs written and the seconds it took.
"""
import json
import multiprocessing
import os
import random
import sys
import time

BRANCHES = ["main", "feature/a", "feature/b"]
BASE_TIME = 1_700_000_000_000


def fill(uri, experiment_id, indexes):
    from mlflow import MlflowClient
    from mlflow.entities import Metric, Param, RunTag

    client = MlflowClient(uri)
    for i in indexes:
        rng = random.Random(i)
        start = BASE_TIME + i * 1000
        tags = {f"tag_{k}": f"value-{rng.randint(0, 9)}" for k in range(7)}
        tags["care-label.git.ref"] = f"refs/heads/{BRANCHES[i % 3]}"
        tags["mlflow.project.entryPoint"] = "main"
        tags["care-label.event"] = "push"
        run = client.create_run(experiment_id, start_time=start, tags=tags, run_name=f"run-{i}")
        rid = run.info.run_id
        client.log_batch(
            rid,
            params=[Param(f"param_{k}", str(rng.randint(0, 100))) for k in range(10)],
            # At step 99: the last of the 100 steps that bench/make_store.py logs.
            metrics=[Metric(f"metric_{k}", rng.random(), start + 99, 99) for k in range(10)],
        )
        client.set_terminated(rid, "FINISHED", end_time=start + 500)


def main():
    uri, n_runs = sys.argv[1], int(sys.argv[2])
    processes = int(sys.argv[3]) if len(sys.argv) > 3 else os.cpu_count() or 2
    started = time.perf_counter()
    from mlflow import MlflowClient

    experiment_id = MlflowClient(uri).create_experiment("bench", artifact_location="mlflow-artifacts:/bench")
    chunks = [range(p, n_runs, processes) for p in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.starmap(fill, [(uri, experiment_id, chunk) for chunk in chunks])
    # A team's store is long-lived, its tables analysed by autovacuum: a freshly filled one would
    # be analysed while it is measured, and its query plans change then.
    import sqlalchemy

    with sqlalchemy.create_engine(uri, isolation_level="AUTOCOMMIT").connect() as db:
        db.execute(sqlalchemy.text("VACUUM ANALYZE"))
    print(json.dumps({"runs": n_runs, "seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main()
