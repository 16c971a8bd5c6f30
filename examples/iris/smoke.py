"""A tiny entry point that proves the project runs: logs one metric."""
import mlflow

with mlflow.start_run():
    mlflow.log_metric("smoke_ok", 1.0)
