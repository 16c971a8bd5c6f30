"""Builds an MLflow store for the benchmark: N runs, each with 10 params, 10 tags and 10
metrics x 100 steps, in one experiment; a SQLite store (mlflow.db), or with `file` a legacy
FileStore (mlruns/).

    python make_store.py <dir> <runs> [sqlite|file]

The pinned MLflow creates the database (its schema and migrations) and logs the first runs with
its own client; the rest are copies of those rows made with SQL inside MLflow's schema, with new
run ids, tags and start times, because logging ten million metric points through the client
would take hours.
"""
import os
import random
import sqlite3
import sys
import time
import uuid

import mlflow
from mlflow.entities import Metric, Param, RunTag

out_dir, n_runs = sys.argv[1], int(sys.argv[2])
kind = sys.argv[3] if len(sys.argv) > 3 else "sqlite"
os.makedirs(out_dir, exist_ok=True)
db_path = os.path.join(out_dir, "mlflow.db")
if os.path.exists(db_path):
    os.remove(db_path)
if kind == "file":
    import shutil

    shutil.rmtree(os.path.join(out_dir, "mlruns"), ignore_errors=True)
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    uri = "file://" + os.path.join(out_dir, "mlruns")
else:
    uri = f"sqlite:///{db_path}"
client = mlflow.MlflowClient(uri)
experiment_id = client.create_experiment("bench", artifact_location=os.path.join(out_dir, "artifacts"))

SEED_RUNS = min(20, n_runs)
BRANCHES = ["main", "feature/a", "feature/b"]
rng = random.Random(7)
base_time = 1_700_000_000_000
for i in range(SEED_RUNS):
    run = client.create_run(experiment_id, start_time=base_time + i * 1000, run_name=f"seed-{i}")
    rid = run.info.run_id
    params = [Param(f"param_{k}", str(rng.randint(0, 100))) for k in range(10)]
    tags = [RunTag(f"tag_{k}", f"value-{rng.randint(0, 9)}") for k in range(7)]
    tags += [
        RunTag("care-label.git.ref", f"refs/heads/{BRANCHES[i % 3]}"),
        RunTag("mlflow.project.entryPoint", "main"),
        RunTag("care-label.event", "push"),
    ]
    metrics = [
        Metric(f"metric_{k}", rng.random(), base_time + i * 1000 + step, step)
        for k in range(10)
        for step in range(100)
    ]
    client.log_batch(rid, params=params, tags=tags)
    for start in range(0, len(metrics), 1000):
        client.log_batch(rid, metrics=metrics[start : start + 1000])
    client.set_terminated(rid, "FINISHED", end_time=base_time + i * 1000 + 500)

if kind == "file":
    import shutil

    exp_dir = os.path.join(out_dir, "mlruns", experiment_id)
    seeds = sorted(
        (d for d in os.listdir(exp_dir) if os.path.isdir(os.path.join(exp_dir, d))),
        key=lambda d: open(os.path.join(exp_dir, d, "meta.yaml")).read().split("start_time: ")[1].split("\n")[0],
    )
    for i in range(SEED_RUNS, n_runs):
        source = os.path.join(exp_dir, seeds[i % SEED_RUNS])
        rid = uuid.uuid4().hex
        target = os.path.join(exp_dir, rid)
        shutil.copytree(source, target)
        start = base_time + i * 1000
        meta = open(os.path.join(target, "meta.yaml")).read().splitlines()
        rewritten = []
        for line in meta:
            key = line.split(":")[0]
            if key == "run_id" or key == "run_uuid":
                line = f"{key}: {rid}"
            elif key == "start_time":
                line = f"start_time: {start}"
            elif key == "end_time":
                line = f"end_time: {start + 500}"
            elif key == "run_name":
                line = f"run_name: run-{i}"
            elif key == "artifact_uri":
                line = f"artifact_uri: file://{target}/artifacts"
            rewritten.append(line)
        open(os.path.join(target, "meta.yaml"), "w").write("\n".join(rewritten) + "\n")
        open(os.path.join(target, "tags", "care-label.git.ref"), "w").write(f"refs/heads/{BRANCHES[i % 3]}")
        open(os.path.join(target, "tags", "mlflow.runName"), "w").write(f"run-{i}")
    print(f"{n_runs} runs in {exp_dir}", file=sys.stderr)
    sys.exit(0)

db = sqlite3.connect(db_path)
seeds = [row[0] for row in db.execute("SELECT run_uuid FROM runs ORDER BY start_time")]
for i in range(SEED_RUNS, n_runs):
    source = seeds[i % SEED_RUNS]
    rid = uuid.uuid4().hex
    start = base_time + i * 1000
    db.execute(
        "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status,"
        " start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id)"
        " SELECT ?, ?, source_type, source_name, entry_point_name, user_id, status, ?, ?,"
        " source_version, lifecycle_stage, ?, experiment_id FROM runs WHERE run_uuid = ?",
        (rid, f"run-{i}", start, start + 500, os.path.join(out_dir, "artifacts", rid), source),
    )
    for table, columns in (("params", "key, value"), ("latest_metrics", "key, value, timestamp, step, is_nan")):
        db.execute(
            f"INSERT INTO {table} ({columns}, run_uuid) SELECT {columns}, ? FROM {table} WHERE run_uuid = ?",
            (rid, source),
        )
    db.execute(
        "INSERT INTO metrics (key, value, timestamp, step, is_nan, run_uuid)"
        " SELECT key, value, timestamp, step, is_nan, ? FROM metrics WHERE run_uuid = ?",
        (rid, source),
    )
    db.execute(
        "INSERT INTO tags (key, value, run_uuid) SELECT key, value, ? FROM tags WHERE run_uuid = ?"
        " AND key NOT IN ('care-label.git.ref', 'mlflow.runName')",
        (rid, source),
    )
    db.executemany(
        "INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)",
        [("care-label.git.ref", f"refs/heads/{BRANCHES[i % 3]}", rid), ("mlflow.runName", f"run-{i}", rid)],
    )
db.commit()
count = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
points = db.execute("SELECT COUNT(*) FROM metrics").fetchone()[0]
print(f"{count} runs, {points} metric points in {db_path}", file=sys.stderr)
