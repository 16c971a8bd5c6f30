"""How big the local store's workflow artifact gets: N runs of the example project (its params,
tags, metrics with the val_accuracy history, and its two artifacts: the pickled forest and the
confusion matrix) logged with MLflow's client into a SQLite store, then zipped the way
@actions/artifact uploads it (deflate, level 6).

    python store_size.py <dir> <runs>

The models are trained for real (iris ships with scikit-learn), with the parameters varied from
run to run as a history of pull requests would vary them.
"""
import json
import os
import pickle
import random
import shutil
import sys
import tempfile
import zipfile

import mlflow
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import train_test_split

out_dir, n_runs = sys.argv[1], int(sys.argv[2])
shutil.rmtree(out_dir, ignore_errors=True)
os.makedirs(out_dir)
client = mlflow.MlflowClient(f"sqlite:///{os.path.join(out_dir, 'mlflow.db')}")
experiment_id = client.create_experiment(
    "iris-classifier", artifact_location=os.path.join(out_dir, "artifacts")
)
X, y = load_iris(return_X_y=True)
rng = random.Random(1)
with tempfile.TemporaryDirectory() as tmp:
    for i in range(n_runs):
        n_estimators, max_depth = rng.choice([20, 30, 50]), rng.choice([3, 4, 5])
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.3, random_state=42, stratify=y
        )
        run = client.create_run(experiment_id, run_name=f"main-{i:07x}")
        rid = run.info.run_id
        model = RandomForestClassifier(
            n_estimators=0, max_depth=max_depth, random_state=42, warm_start=True
        )
        trees = 0
        while trees < n_estimators:
            trees = min(trees + 10, n_estimators)
            model.set_params(n_estimators=trees)
            model.fit(X_train, y_train)
            client.log_metric(rid, "val_accuracy", accuracy_score(y_test, model.predict(X_test)), step=trees)
        predicted = model.predict(X_test)
        blob = pickle.dumps(model)
        metrics = {
            "accuracy": accuracy_score(y_test, predicted),
            "f1_macro": f1_score(y_test, predicted, average="macro"),
            "precision_macro": 0.9,
            "recall_macro": 0.9,
            "train_seconds": rng.uniform(0.2, 0.6),
            "predict_ms_per_row": rng.uniform(0.1, 0.3),
            "model_size_kb": len(blob) / 1024,
            "n_nodes": float(sum(t.tree_.node_count for t in model.estimators_)),
            "peak_memory_mb": rng.uniform(280, 300),
        }
        for key, value in metrics.items():
            client.log_metric(rid, key, value)
        params = {"n_estimators": n_estimators, "max_depth": max_depth, "test_size": 0.3,
                  "seed": 42, "model_note": "baseline", "train_rows": 105, "test_rows": 45}
        for key, value in params.items():
            client.log_param(rid, key, value)
        tags = {
            "mlflow.project.entryPoint": "main",
            "mlflow.source.git.commit": f"{i:040x}",
            "care-label.git.ref": "refs/heads/main",
            "care-label.git.branch": "main",
            "care-label.git.head-sha": f"{i:040x}",
            "care-label.event": "push",
            "care-label.workflow-run-url": f"https://github.com/o/r/actions/runs/{1000 + i}",
            "care-label.runner.os": "Linux",
            "care-label.runner.arch": "X64",
            "care-label.env.cpu": "AMD EPYC 7763 64-Core Processor × 4",
            "care-label.env.python": "3.12.3",
            "care-label.env.mlflow": "3.17.2",
            "model_note": "baseline",
        }
        for key, value in tags.items():
            client.set_tag(rid, key, value)
        with open(os.path.join(tmp, "model.pkl"), "wb") as f:
            f.write(blob)
        with open(os.path.join(tmp, "confusion_matrix.json"), "w") as f:
            json.dump(confusion_matrix(y_test, predicted).tolist(), f)
        client.log_artifact(rid, os.path.join(tmp, "model.pkl"))
        client.log_artifact(rid, os.path.join(tmp, "confusion_matrix.json"))
        client.set_terminated(rid)

raw = 0
zipped = os.path.join(tempfile.gettempdir(), f"store-{n_runs}.zip")
with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
    for root, _, files in os.walk(out_dir):
        for name in files:
            path = os.path.join(root, name)
            raw += os.path.getsize(path)
            archive.write(path, os.path.relpath(path, out_dir))
size = os.path.getsize(zipped)
os.remove(zipped)
print(json.dumps({"runs": n_runs, "store_bytes": raw, "artifact_bytes": size,
                  "db_bytes": os.path.getsize(os.path.join(out_dir, "mlflow.db"))}))
