"""Trains a random forest on the iris data set (shipped with scikit-learn, no download) and logs
quality, runtime, memory and complexity metrics to the MLflow run that `mlflow run` created."""
import argparse
import json
import os
import pickle
import resource
import tempfile
import time

import mlflow
import mlflow.sklearn
import sklearn
from mlflow.models import infer_signature
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_score, recall_score
from sklearn.model_selection import train_test_split


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-estimators", type=int, default=50)
    parser.add_argument("--max-depth", type=int, default=4)
    parser.add_argument("--test-size", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--model-note", default="baseline")
    return parser.parse_args()


def main():
    args = parse_args()
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=args.test_size, random_state=args.seed, stratify=y
    )

    with mlflow.start_run():
        model = RandomForestClassifier(
            n_estimators=0, max_depth=args.max_depth, random_state=args.seed, warm_start=True
        )
        # Grow the forest in stages and log validation accuracy per stage: a metric history.
        started = time.perf_counter()
        trees = 0
        while trees < args.n_estimators:
            trees = min(trees + 10, args.n_estimators)
            model.set_params(n_estimators=trees)
            model.fit(X_train, y_train)
            mlflow.log_metric("val_accuracy", accuracy_score(y_test, model.predict(X_test)), step=trees)
        train_seconds = time.perf_counter() - started

        started = time.perf_counter()
        predicted = model.predict(X_test)
        predict_seconds = time.perf_counter() - started

        blob = pickle.dumps(model)
        mlflow.log_metrics(
            {
                "accuracy": accuracy_score(y_test, predicted),
                "f1_macro": f1_score(y_test, predicted, average="macro"),
                "precision_macro": precision_score(y_test, predicted, average="macro", zero_division=0),
                "recall_macro": recall_score(y_test, predicted, average="macro", zero_division=0),
                "train_seconds": train_seconds,
                "predict_ms_per_row": 1000 * predict_seconds / len(X_test),
                "model_size_kb": len(blob) / 1024,
                "n_nodes": float(sum(tree.tree_.node_count for tree in model.estimators_)),
                # ru_maxrss is in kilobytes on Linux
                "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
        # `mlflow run` logged the MLproject parameters already (shell-quoted where needed); log
        # only what it does not know, and the note exactly as this script received it.
        mlflow.log_params({"train_rows": len(X_train), "test_rows": len(X_test)})
        mlflow.set_tag("model_note", args.model_note)

        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "model.pkl"), "wb") as f:
                f.write(blob)
            with open(os.path.join(tmp, "confusion_matrix.json"), "w") as f:
                json.dump(confusion_matrix(y_test, predicted).tolist(), f)
            mlflow.log_artifact(os.path.join(tmp, "confusion_matrix.json"))

        # The model itself, as MLflow 3 logs it (a logged model, models:/<model_id>): what
        # `register:` promotes. Its requirement is given, so MLflow does not infer it (slow).
        mlflow.sklearn.log_model(
            model,
            name="model",
            pip_requirements=[f"scikit-learn=={sklearn.__version__}"],
            signature=infer_signature(X_test, predicted),
            # MLflow saves scikit-learn models with skops, which loads only the types it is told
            # to trust: a forest's trees are this script's own.
            skops_trusted_types=["sklearn.tree._tree.Tree"],
        )


if __name__ == "__main__":
    main()
