/**
 * A run's artifacts in a local directory (the action's own store keeps them beside mlflow.db):
 * written directly, as MLflow's local artifact repository writes them, so that logging a few
 * files starts no Python and, for a run that was only adopted, installs no MLflow.
 */
import { cpSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ProjectRunError, errorMessage } from '../../errors.js'

/**
 * The directory of a local artifact root (`/abs/path` or `file:///abs/path`); undefined for any
 * other store (and for a relative path, which is MLflow's to resolve).
 */
export function localArtifactDir(artifactUri: string | undefined): string | undefined {
  if (artifactUri === undefined || artifactUri === '') return undefined
  if (path.isAbsolute(artifactUri)) return artifactUri
  if (!artifactUri.startsWith('file:')) return undefined
  try {
    return fileURLToPath(artifactUri)
  } catch {
    // A file: URI with a host names another machine: MLflow decides what that means.
    return undefined
  }
}

/**
 * Copies the files of `dir` into `<root>/<artifactPath>`, replacing files of the same name, as
 * MLflow's LocalArtifactRepository.log_artifacts does (a copy of the tree, existing dirs kept).
 */
export function copyArtifacts(dir: string, root: string, artifactPath: string): void {
  const target = path.join(root, artifactPath)
  const inside = path.relative(root, target)
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new ProjectRunError(
      `The artifact path '${artifactPath}' is not inside the run's artifacts.`
    )
  }
  try {
    mkdirSync(target, { recursive: true })
    cpSync(dir, target, { recursive: true, force: true })
  } catch (error) {
    throw new ProjectRunError(
      `cannot write to the run's artifact directory ${root}: ${errorMessage(error)}`,
      undefined,
      { cause: error }
    )
  }
}
