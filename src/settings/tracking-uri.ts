/**
 * The tracking URI, parsed once: where runs are logged and read. Relative paths are resolved
 * against the workspace here, and only here, so that `mlflow run` (which starts the entry point
 * in the project directory) and this action mean the same file.
 */
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { InputError, errorMessage } from '../errors.js'

export type TrackingLocation =
  /** An MLflow tracking server (REST API 2.0). */
  | { kind: 'server'; uri: string }
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
 * Parses the `tracking-uri` input: empty is the action's own local store in `outputDir`;
 * `sqlite:///relative/path` is resolved against `workspace`.
 */
export function parseTrackingUri(
  text: string,
  where: { workspace: string; outputDir: string }
): TrackingLocation {
  const uri = text.trim()
  if (uri === '') {
    const file = path.join(ownStoreDir(where.outputDir), STORE_DB)
    return { kind: 'sqlite', uri: sqliteUri(file), path: file, own: true }
  }
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
    'must be an http(s):// address of an MLflow tracking server, a sqlite:/// path or a file:// mlruns directory; leave it empty for a local store.'
  )
}
