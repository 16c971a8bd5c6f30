/**
 * The tracking URI, parsed once: where runs are logged and read. Relative paths are resolved
 * against the workspace here, and only here, so that `mlflow run` (which starts the entry point
 * in the project directory) and this action mean the same file.
 */
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { InputError, errorMessage, type Surface } from '../errors.js'
import { redactUri } from '../util/redact.js'

export type TrackingLocation =
  /**
   * An MLflow tracking server (REST API 2.0). With `databricks`, a Databricks workspace: `uri` is
   * `databricks`, what MLflow's client is given (it finds the workspace itself), and the same
   * REST API is at the workspace's host.
   */
  | { kind: 'server'; uri: string; databricks?: DatabricksWorkspace }
  /**
   * A local SQLite store. `own`: the store this action keeps in the output directory when no
   * tracking URI is given (the one carried between workflow runs as an artifact).
   */
  | { kind: 'sqlite'; uri: string; path: string; own: boolean }
  /** A legacy FileStore (`mlruns`). */
  | { kind: 'file'; uri: string; root: string }

export const STORE_DB = 'mlflow.db'

/** The SQLite URI of an absolute path, as SQLAlchemy reads it (`sqlite:////abs/path`). */
export function sqliteUri(file: string): string {
  return `sqlite:///${file}`
}

/** Where a local store keeps its runs' artifacts: `artifacts/` beside its database. */
export function storeArtifactsDir(databasePath: string): string {
  return path.join(path.dirname(databasePath), 'artifacts')
}

/** The directory of the action's own local store in the output directory. */
export function ownStoreDir(outputDir: string): string {
  return path.join(outputDir, 'mlflow')
}

/**
 * A Databricks workspace, found as MLflow's client finds it for the tracking URI `databricks`:
 * from DATABRICKS_HOST. Its token stays in the environment (DATABRICKS_TOKEN), where the store
 * reads it: settings carry no secret of their own.
 */
export interface DatabricksWorkspace {
  /**
   * DATABRICKS_HOST as the Databricks SDK reads it: `https://` when it names no scheme, no
   * trailing slash, no default port; and no query or fragment (of an address copied from a
   * browser), which the REST API's paths cannot follow.
   */
  host: string
}

/**
 * Parses the `tracking-uri` input: empty is the action's own local store in `outputDir`;
 * `sqlite:///relative/path` is resolved against `workspace`; `databricks` is the workspace that
 * `env` names.
 */
export function parseTrackingUri(
  text: string,
  where: {
    workspace: string
    outputDir: string
    /** What a `databricks` URI is read from; none: no workspace is configured. */
    env?: NodeJS.ProcessEnv
  }
): TrackingLocation {
  const uri = text.trim()
  if (uri === '') {
    const file = path.join(ownStoreDir(where.outputDir), STORE_DB)
    return { kind: 'sqlite', uri: sqliteUri(file), path: file, own: true }
  }
  if (uri === 'databricks') {
    return { kind: 'server', uri, databricks: databricksWorkspace(where.env ?? {}) }
  }
  if (/^(databricks|databricks-uc|uc)(:|$)/.test(uri)) throw otherDatabricksUri(uri)
  if (/^https?:\/\//i.test(uri)) {
    try {
      new URL(uri)
    } catch {
      throw new InputError('tracking-uri', `'${uri}' is not a valid URL.`)
    }
    return { kind: 'server', uri }
  }
  const sqlite = /^sqlite:\/\/\/([^?]*)(\?.*)?$/.exec(uri)
  if (sqlite) {
    const given = decodeURIComponent(sqlite[1] ?? '')
    if (given === '' || given === ':memory:') {
      throw new InputError(
        'tracking-uri',
        `'${uri}' names no database file: write sqlite:///path/to/mlflow.db (relative to the workspace) or sqlite:////absolute/path/mlflow.db.`
      )
    }
    const file = path.resolve(where.workspace, given)
    return { kind: 'sqlite', uri: sqliteUri(file) + (sqlite[2] ?? ''), path: file, own: false }
  }
  if (/^file:/i.test(uri)) {
    let root: string
    try {
      root = fileURLToPath(uri)
    } catch (error) {
      throw new InputError(
        'tracking-uri',
        `'${uri}' is not a file URL of a directory: ${errorMessage(error)}`
      )
    }
    return { kind: 'file', uri: pathToFileURL(root).href, root }
  }
  throw new InputError(
    'tracking-uri',
    'must be an http(s):// address of an MLflow tracking server, databricks (a Databricks workspace), a sqlite:/// path or a file:// mlruns directory; leave it empty for a local store.'
  )
}

/** The variables a `databricks` tracking URI is read from (for a caller that passes no others). */
export function databricksEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('DATABRICKS_')))
}

/** Where to set the two variables, as the surface's user sets them. */
function setBoth(surface: Surface): string {
  return surface.name === 'cli'
    ? 'Set DATABRICKS_HOST and DATABRICKS_TOKEN in the environment.'
    : "Set DATABRICKS_HOST and DATABRICKS_TOKEN in the step's env from repository secrets: DATABRICKS_HOST: ${{ secrets.DATABRICKS_HOST }} and DATABRICKS_TOKEN: ${{ secrets.DATABRICKS_TOKEN }} (a pull request from a fork gets no secrets)."
}

/**
 * The workspace of the tracking URI `databricks`, from DATABRICKS_HOST, and a token for it. The
 * action reads the REST API with a token only (MLflow's client could also sign in with OAuth,
 * DATABRICKS_CLIENT_ID/SECRET): a missing token is refused here, saying what to set, rather than
 * answered 401 by the workspace.
 */
function databricksWorkspace(env: NodeJS.ProcessEnv): DatabricksWorkspace {
  const given = env['DATABRICKS_HOST']?.trim() ?? ''
  if (given === '') {
    throw new InputError(
      'tracking-uri',
      surface =>
        `databricks takes the workspace's address from DATABRICKS_HOST, which is not set. ${setBoth(surface)}`
    )
  }
  const host = databricksHost(given)
  if (host === undefined) {
    throw new InputError(
      'tracking-uri',
      `DATABRICKS_HOST '${redactUri(given)}' is not the address of a Databricks workspace: write it as https://<workspace>.cloud.databricks.com (or https://adb-<id>.<n>.azuredatabricks.net), as the workspace's URL shows it.`
    )
  }
  if (!env['DATABRICKS_TOKEN']?.trim()) {
    const oauth = env['DATABRICKS_CLIENT_ID']
      ? ' This action reads the workspace with a token, not with DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET: create a token for the service principal.'
      : ''
    throw new InputError(
      'tracking-uri',
      surface =>
        `databricks sends DATABRICKS_TOKEN (a personal access token, or a service principal's) to the workspace, and it is not set.${oauth} ${setBoth(surface)}`
    )
  }
  return { host }
}

/** DATABRICKS_HOST read as DatabricksWorkspace.host says; undefined: not an address. */
function databricksHost(given: string): string | undefined {
  let url: URL
  try {
    url = new URL(given.includes('://') ? given : `https://${given}`)
  } catch {
    return undefined
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
    return undefined
  }
  url.search = ''
  url.hash = ''
  return url.href.replace(/\/+$/, '')
}

/**
 * The other Databricks forms MLflow knows, each refused with the one this action reads:
 * `databricks://<profile>` (a profile of ~/.databrickscfg, which a runner seldom has, and whose
 * values MLflow's client and the Databricks SDK each merge with the environment's their own way),
 * `databricks://<scope>:<prefix>` (secrets only a Databricks cluster can read) and
 * `databricks-uc`/`uc:` (registry URIs, which MLflow refuses as tracking URIs too).
 */
function otherDatabricksUri(uri: string): InputError {
  if (!uri.startsWith('databricks:')) {
    return new InputError(
      'tracking-uri',
      `'${redactUri(uri)}' is a model registry URI (Unity Catalog), not a tracking URI: write databricks, with DATABRICKS_HOST and DATABRICKS_TOKEN set.`
    )
  }
  return new InputError(
    'tracking-uri',
    surface =>
      `'${redactUri(uri)}' names a Databricks CLI profile (or secret scope), which this action does not read: write databricks. ${setBoth(surface)}`
  )
}

/**
 * A warning when the tracking URI's token would travel in clear text: DATABRICKS_TOKEN to an
 * http:// host that is not this machine. Not refused: a gateway on loopback is plain http.
 */
export function clearTextWarning(location: TrackingLocation): string | undefined {
  if (location.kind !== 'server' || location.databricks === undefined) return undefined
  const url = new URL(location.databricks.host)
  if (url.protocol !== 'http:' || isLoopback(url.hostname)) return undefined
  return `DATABRICKS_HOST is ${redactUri(location.databricks.host)}, a plain http:// address: DATABRICKS_TOKEN is sent to it unencrypted. Use https://.`
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname)
}
