/**
 * The ProjectRunner port over the `mlflow` command line. MLflow is looked for (or installed) the
 * first time something needs it, so a run that adopts a logged run from a local store never
 * installs it.
 */
import { collectEnvironment } from '../environment.js'
import type { Log, ProjectRunner } from '../../ports.js'
import type { CommandRunner } from './commands.js'
import { copyArtifacts, localArtifactDir } from './local-artifacts.js'
import {
  createExperiment,
  createRun,
  importRuns,
  logArtifacts,
  pruneRuns,
  resolveMlflow,
  runProject,
  type MlflowCli
} from './mlflow-cli.js'

export interface MlflowOptions {
  commands: CommandRunner
  env: NodeJS.ProcessEnv
  log: Log
  /** The MLflow to install when none is on PATH. */
  mlflowVersion: string
}

/** The `mlflow` command line, found (or installed) once, on first use. */
export interface MlflowResolver {
  (): Promise<MlflowCli>
  /** Whether it was looked for yet (an MLflow that ran something here). */
  resolved(): Promise<MlflowCli> | undefined
}

export function mlflowResolver(options: MlflowOptions): MlflowResolver {
  let resolved: Promise<MlflowCli> | undefined
  const cli = (): Promise<MlflowCli> =>
    (resolved ??= resolveMlflow(options.commands, options.env, options.log, options.mlflowVersion))
  return Object.assign(cli, { resolved: () => resolved })
}

export function mlflowProjectRunner(
  options: MlflowOptions,
  cli: MlflowResolver = mlflowResolver(options)
): ProjectRunner {
  return {
    async createExperiment(trackingUri, name, artifactLocation) {
      await createExperiment(await cli(), trackingUri, name, artifactLocation)
    },
    async run(spec) {
      return runProject(await cli(), spec)
    },
    async environment() {
      // The Python and MLflow versions only of an MLflow that ran something here.
      const resolved = cli.resolved()
      return collectEnvironment(options.env, resolved === undefined ? undefined : await resolved)
    },
    async createRun(trackingUri, experimentName, runName, tags) {
      return createRun(await cli(), trackingUri, experimentName, runName, tags)
    },
    async importRuns(request) {
      return importRuns(await cli(), request)
    },
    async pruneRuns(trackingUri, experimentName, keep) {
      return pruneRuns(await cli(), trackingUri, experimentName, keep)
    },
    async logArtifacts(artifacts) {
      // A local artifact root is a directory here: copying into it is all MLflow would do.
      const local = localArtifactDir(artifacts.artifactUri)
      if (local !== undefined) return copyArtifacts(artifacts.dir, local, artifacts.artifactPath)
      await logArtifacts(await cli(), artifacts)
    }
  }
}
