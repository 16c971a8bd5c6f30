"""The care-label test suite: one sub-command per test, each an entry point of the MLproject.

Each test loads the model under test from --model-uri (runs:/<run_id>/model or models:/<model_id>)
with mlflow.pyfunc, measures it on scikit-learn's bundled iris data (the same split as train.py,
nothing downloaded) and logs its metrics to the MLflow run that `mlflow run` created.

    python care_tests.py quality --model-uri runs:/<run_id>/model
"""
import argparse
import gc
import logging
import math
import os
import sys
import tempfile
import time
import tracemalloc

import mlflow
import mlflow.artifacts
import mlflow.pyfunc
import numpy as np
from sklearn.datasets import load_iris
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

ENERGY_TAG = "care-label.energy.method"


class TestError(Exception):
    """A problem to report on one line, without a traceback."""


def first_line(exc):
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def split(test_size, seed):
    """The held-out split of train.py: X_train, X_test, y_train, y_test."""
    X, y = load_iris(return_X_y=True)
    return train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y)


def load_model(model_uri):
    try:
        # No check of the model's requirements against this environment: it reads the metadata
        # of every installed package (over a second), and the tests run in the training's own.
        return mlflow.pyfunc.load_model(model_uri, suppress_warnings=True)
    except Exception as exc:  # MlflowException, OSError, a flavour's own errors: all one line
        raise TestError(f"cannot load model {model_uri!r}: {first_line(exc)}") from None


def predict(model, X):
    try:
        return np.asarray(model.predict(X)).ravel()
    except Exception as exc:
        raise TestError(f"the model cannot predict the iris features: {first_line(exc)}") from None


def levels(text, name, upper=None):
    """'0.1,0.3,0.5' -> [0.1, 0.3, 0.5], each at least 0 (and at most upper)."""
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise TestError(f"{name} must be numbers separated by commas, got {text!r}") from None
    if not values or any(not 0 <= v <= (upper if upper is not None else math.inf) for v in values):
        bound = f"between 0 and {upper}" if upper is not None else "at least 0"
        raise TestError(f"{name} must be one or more numbers {bound}, got {text!r}")
    return values


def quality(args):
    _, X_test, _, y_test = split(args.test_size, args.seed)
    predicted = predict(load_model(args.model_uri), X_test)
    mlflow.log_metrics(
        {
            "test_accuracy": accuracy_score(y_test, predicted),
            "test_f1_macro": f1_score(y_test, predicted, average="macro"),
        }
    )


def robustness(args):
    noise = levels(args.noise_levels, "noise_levels")
    dropout = levels(args.dropout_rates, "dropout_rates", upper=1)
    if args.draws < 1:
        raise TestError(f"draws must be at least 1, got {args.draws}")
    X_train, X_test, _, y_test = split(args.test_size, args.seed)
    model = load_model(args.model_uri)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)

    def corrupted_accuracy(kind, level, corrupt):
        # One generator per corruption and severity: the same draws whatever else is measured.
        rng = np.random.default_rng([args.seed, kind, round(level * 1000)])
        stacked = np.concatenate([corrupt(rng, level) for _ in range(args.draws)])
        return accuracy_score(np.tile(y_test, args.draws), predict(model, stacked))

    def gaussian(rng, level):  # noise of `level` times each feature's training std
        return X_test + rng.normal(size=X_test.shape) * (level * std)

    def drop(rng, level):  # each value, with probability `level`, set to its feature's mean
        return np.where(rng.random(X_test.shape) < level, mean, X_test)

    clean = accuracy_score(y_test, predict(model, X_test))
    metrics = {"clean_accuracy": clean}
    for level in noise:
        metrics[f"noise_accuracy_{level:g}"] = corrupted_accuracy(0, level, gaussian)
    for level in dropout:
        metrics[f"dropout_accuracy_{level:g}"] = corrupted_accuracy(1, level, drop)
    corrupted = [value for key, value in metrics.items() if key != "clean_accuracy"]
    metrics["robustness_index"] = float(np.mean(corrupted)) / clean if clean > 0 else 0.0
    mlflow.log_metrics(metrics)


def runtime(args):
    if args.repeats < 1 or args.warmup < 0:
        raise TestError("repeats must be at least 1 and warmup at least 0")
    _, X_test, _, _ = split(args.test_size, args.seed)
    model = load_model(args.model_uri)
    for _ in range(max(args.warmup, 1)):  # at least once, to fail on one line if it cannot
        predict(model, X_test)
    per_row_ms = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        model.predict(X_test)
        per_row_ms.append(1000 * (time.perf_counter() - started) / len(X_test))
    mlflow.log_metrics(
        {
            "latency_p50_ms": float(np.percentile(per_row_ms, 50)),
            "latency_p95_ms": float(np.percentile(per_row_ms, 95)),
        }
    )


def directory_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(
        os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(path) for name in names
    )


def memory(args):
    _, X_test, _, _ = split(args.test_size, args.seed)
    # A first load imports the flavour's modules (scikit-learn's, skops'): memory of the process,
    # not of the model. The measured load and prediction come after it.
    predict(load_model(args.model_uri), X_test)
    gc.collect()
    tracemalloc.start()
    try:
        predict(load_model(args.model_uri), X_test)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            local = mlflow.artifacts.download_artifacts(args.model_uri, dst_path=tmp)
        except Exception as exc:
            raise TestError(f"cannot download model {args.model_uri!r}: {first_line(exc)}") from None
        size = directory_size(local)
    mlflow.log_metrics({"model_peak_memory_mb": peak / 2**20, "model_size_mb": size / 2**20})


def energy(args):
    if args.repeats < 1:
        raise TestError(f"repeats must be at least 1, got {args.repeats}")
    _, X_test, _, _ = split(args.test_size, args.seed)
    model = load_model(args.model_uri)
    try:
        from codecarbon import OfflineEmissionsTracker
    except ImportError:
        mlflow.set_tag(ENERGY_TAG, "none: codecarbon is not installed")
        return
    predict(model, X_test)  # warm-up
    logging.getLogger("codecarbon").setLevel(logging.ERROR)  # before its first (INFO) line
    energy_kwh, reason = None, "codecarbon measured nothing"
    try:
        tracker = OfflineEmissionsTracker(
            country_iso_code=args.country_iso_code,
            tracking_mode=args.tracking_mode,
            save_to_file=False,
            log_level="error",
        )
        tracker.start()
        for _ in range(args.repeats):
            model.predict(X_test)
        tracker.stop()
        data = getattr(tracker, "final_emissions_data", None)  # CodeCarbon logs its own errors
        energy_kwh = getattr(data, "energy_consumed", None)
    except Exception as exc:
        reason = f"codecarbon failed: {first_line(exc)}"
    if energy_kwh is not None and math.isfinite(energy_kwh) and energy_kwh > 0:
        mlflow.log_metric("energy_kwh", energy_kwh)
        mlflow.set_tag(ENERGY_TAG, f"codecarbon-offline ({args.tracking_mode})")
    else:
        mlflow.set_tag(ENERGY_TAG, f"none: {reason}")


TESTS = {
    "quality": (quality, "test_accuracy and test_f1_macro on the held-out split"),
    "robustness": (robustness, "accuracy under Gaussian noise and feature dropout"),
    "runtime": (runtime, "prediction latency per row, p50 and p95"),
    "memory": (memory, "peak memory of loading and predicting, size on disk"),
    "energy": (energy, "energy of repeated predictions (CodeCarbon, offline)"),
}


def parse_args(argv):
    parser = argparse.ArgumentParser(description="The care-label tests of the iris model.")
    commands = parser.add_subparsers(dest="test", required=True)
    for name, (_, summary) in TESTS.items():
        command = commands.add_parser(name, help=summary, description=summary)
        command.add_argument("--model-uri", required=True)
        command.add_argument("--test-size", type=float, default=0.3)
        command.add_argument("--seed", type=int, default=42)
        if name == "robustness":
            command.add_argument("--noise-levels", default="0.1,0.3,0.5")
            command.add_argument("--dropout-rates", default="0.1,0.3,0.5")
            command.add_argument("--draws", type=int, default=10)
        elif name == "runtime":
            command.add_argument("--repeats", type=int, default=50)
            command.add_argument("--warmup", type=int, default=5)
        elif name == "energy":
            command.add_argument("--repeats", type=int, default=100)
            command.add_argument("--tracking-mode", choices=["process", "machine"], default="process")
            command.add_argument("--country-iso-code", default="USA")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if not args.model_uri.strip():
        print(f"{args.test}: error: model_uri is empty", file=sys.stderr)
        return 2
    try:
        with mlflow.start_run():
            TESTS[args.test][0](args)
    except TestError as exc:
        print(f"{args.test}: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
