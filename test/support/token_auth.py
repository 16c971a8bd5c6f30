"""
Bearer-token authentication for MLflow's auth app (`authorization_function` in the file that
MLFLOW_AUTH_CONFIG_PATH names), the way a Databricks workspace takes a personal access token:
`Authorization: Bearer <CARE_LABEL_TEST_TOKEN>` is the auth app's admin user; no token is
answered 401 and any other token 403, as Databricks answers them.
"""

import hmac
import json
import os

from flask import Response, request
from werkzeug.datastructures import Authorization


def _refuse(status, message):
    body = json.dumps({"error_code": str(status), "message": message})
    headers = {"WWW-Authenticate": 'Bearer realm="mlflow"'} if status == 401 else {}
    return Response(body, status, headers, content_type="application/json")


def authenticate_request_token():
    expected = os.environ["CARE_LABEL_TEST_TOKEN"]
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or token == "":
        return _refuse(401, "Credential was not sent or was of an unsupported type for this API.")
    # A constant-time comparison, as a real check of a secret would make.
    if not hmac.compare_digest(token.encode(), expected.encode()):
        return _refuse(403, "Invalid access token.")
    return Authorization("bearer", {"username": os.environ["CARE_LABEL_TEST_USER"]})
