/**
 * The ModelRegistry port over MLflow's own Python client: `mlflow.register_model` resolves what
 * a model URI means in every registry (a tracking server's, a local store's, Databricks' Unity
 * Catalog), waits until the version is ready, and records its tags; then the alias is moved.
 */
import { RegistryError, errorMessage } from '../../errors.js'
import type { ModelRegistry, RegisterRequest, RegisteredVersion } from '../../ports.js'
import { isObject, optString, type JsonObject } from '../../util/guards.js'
import { redactText } from '../../util/redact.js'
import { runMlflowPython, type MlflowCli } from './mlflow-cli.js'

/**
 * Prints `REGISTRATION {version, previous}`, or `REGISTRATION {code, message}` when MLflow
 * refused. The alias's holder is read first, so that the report can say from which version it
 * moved.
 */
const SCRIPT = `
import json, sys
import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

request = json.loads(sys.argv[1])
client = MlflowClient()
try:
    previous = None
    try:
        previous = client.get_model_version_by_alias(request["name"], request["alias"]).version
    except MlflowException:
        # Only for the report ("moved from version N"): no alias, no model yet, or no read.
        pass
    version = mlflow.register_model(request["modelUri"], request["name"], tags=request["tags"])
    try:
        client.set_registered_model_alias(request["name"], request["alias"], version.version)
    except MlflowException as error:
        print("REGISTRATION " + json.dumps({"code": error.error_code, "message": f"version {version.version} was registered, but @{request['alias']} could not be moved to it: {error}"[:2000]}))
        sys.exit(3)
    print("REGISTRATION " + json.dumps({"version": str(version.version), "previous": None if previous is None else str(previous)}))
except MlflowException as error:
    print("REGISTRATION " + json.dumps({"code": error.error_code, "message": str(error)[:2000]}))
    sys.exit(3)
`

export function mlflowModelRegistry(cli: () => Promise<MlflowCli>): ModelRegistry {
  return {
    async register(request) {
      return registerModel(await cli(), request)
    }
  }
}

async function registerModel(cli: MlflowCli, request: RegisterRequest): Promise<RegisteredVersion> {
  const { answer, code, tail } = await runMlflowPython(cli, {
    script: SCRIPT,
    args: [
      JSON.stringify({
        name: request.name,
        alias: request.alias,
        modelUri: request.modelUri,
        tags: request.tags
      })
    ],
    trackingUri: request.trackingUri,
    marker: 'REGISTRATION',
    purpose: 'register with'
  }).catch((error: unknown) => {
    throw new RegistryError(errorMessage(error))
  })
  const json = parseAnswer(answer)
  const version = optString(json, 'version')
  if (code === 0 && version !== undefined) {
    const previous = optString(json, 'previous')
    return previous === undefined ? { version } : { version, previousVersion: previous }
  }
  const errorCode = optString(json, 'code')
  const said = optString(json, 'message') ?? tail.slice(-2).join(' ')
  throw new RegistryError(
    `${redactText(said) || `MLflow exited with code ${code}`}${hint(errorCode, request.name)}`,
    errorCode
  )
}

function parseAnswer(answer: string | undefined): JsonObject {
  try {
    const json: unknown = answer === undefined ? undefined : JSON.parse(answer)
    return isObject(json) ? json : {}
  } catch {
    return {}
  }
}

/** What to do about a refusal the registry names. */
function hint(errorCode: string | undefined, name: string): string {
  if (errorCode === 'PERMISSION_DENIED' || errorCode === 'UNAUTHENTICATED') {
    return ` The tracking user needs permission to edit the registered model '${name}' (EDIT or MANAGE in MLflow's basic auth; CREATE MODEL VERSION in Unity Catalog): grant it, or use credentials that have it.`
  }
  return ''
}
