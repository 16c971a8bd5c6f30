/**
 * The edges the pipeline talks to, each a small interface. `main.ts` (the action) and `cli.ts`
 * (a terminal) plug real adapters in; the pipeline's tests plug fakes in. Nothing here does I/O.
 */
import type { FileLocation } from './errors.js'
import type {
  Experiment,
  LoggedModel,
  MetricPoint,
  ModelVersion,
  Run,
  SearchRunsPage,
  SearchRunsRequest
} from './core/runs.js'
import type { PullRequestRef, TriggeringRun } from './core/context.js'
import type { HistoryChart } from './core/render/html.js'
import type { Environment, MetricHistory, Report } from './core/report/types.js'
import type { Backend, EnvManager } from './settings/types.js'

/** Where the pipeline writes its log: the Actions runner (groups, annotations) or a terminal. */
export interface Log {
  info(message: string): void
  warning(message: string, location?: FileLocation): void
  error(message: string, location?: FileLocation): void
  debug(message: string): void
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
  /** Hides a value in every later log line (a secret). */
  mask(secret: string): void
}

/**
 * A tracking store: a REST server, a local SQLite store, a legacy mlruns directory. The stores
 * answer MLflow's search grammar exactly (see adapters/mlflow); this is what the pipeline needs.
 */
export interface TrackingStore {
  /** A short description for logs, with no secrets in it. */
  readonly description: string
  getExperimentByName(name: string): Promise<Experiment | undefined>
  getExperiment(experimentId: string): Promise<Experiment | undefined>
  searchRuns(request: SearchRunsRequest): Promise<SearchRunsPage>
  getRun(runId: string): Promise<Run>
  getMetricHistory(runId: string, key: string): Promise<MetricPoint[]>
  setTags(runId: string, tags: Record<string, string>): Promise<void>
  /**
   * Writes files under a run's artifact root where the store itself can (a tracking server's
   * artifact proxy, `mlflow-artifacts:`): true when written, false when the root is not one it
   * can write to (then MLflow's client must). Absent in stores that never can.
   */
  logArtifactFiles?(artifactUri: string | undefined, files: ArtifactFile[]): Promise<boolean>
  /** The model version that `alias` of registered model `name` points to; undefined: none. */
  getModelVersion(name: string, alias: string): Promise<ModelVersion | undefined>
  /** The logged models (MLflow 3) that run `runId` of the experiment logged; none before 3. */
  loggedModels(experimentId: string, runId: string): Promise<LoggedModel[]>
  /** The run's page in the MLflow UI, when the store has a UI. */
  runUrl(experimentId: string, runId: string): string | undefined
  close(): Promise<void>
}

/** A file to log as an artifact: its path under the run's artifact root, and its text. */
export interface ArtifactFile {
  path: string
  body: string
}

export interface ProjectRunSpec {
  /** The project directory (absolute). */
  project: string
  entryPoint: string
  parameters: Array<[string, string]>
  envManager: EnvManager
  /** `mlflow run --backend`; local adds nothing to the argv. */
  backend: Backend
  /** `--backend-config`: the backend's JSON file (absolute); empty: none. */
  backendConfig: string
  experimentName: string
  runName: string
  trackingUri: string
}

export interface ProjectRunOutcome {
  runId?: string
  exitCode: number
  /** The last lines of output, for the error message. */
  tail: string[]
}

/** Files logged as artifacts of a run: what `mlflow artifacts log-artifacts` takes. */
export interface RunArtifacts {
  trackingUri: string
  runId: string
  /**
   * The run's artifact root as the store gives it (`run.info.artifactUri`); a local directory
   * is written to directly, any other store through MLflow.
   */
  artifactUri?: string
  /** The directory whose files are logged. */
  dir: string
  /** Where they go inside the run's artifacts, e.g. `care-label`. */
  artifactPath: string
}

/** The `mlflow` command line: runs projects and looks after a local store. */
export interface ProjectRunner {
  /** Creates an experiment whose run artifacts go to `artifactLocation` (a local store). */
  createExperiment(trackingUri: string, name: string, artifactLocation: string): Promise<void>
  /** `mlflow run`, its output streamed to the log. */
  run(spec: ProjectRunSpec): Promise<ProjectRunOutcome>
  /** Where the numbers are measured: the machine, and the Python and MLflow that ran projects. */
  environment(): Promise<Environment>
  /** Creates a finished run with these tags (the parent that groups repeats); returns its id. */
  createRun(
    trackingUri: string,
    experimentName: string,
    runName: string,
    tags: Record<string, string>
  ): Promise<string>
  /** Drops the experiment's oldest runs beyond `keep` for good; returns how many it dropped. */
  pruneRuns(trackingUri: string, experimentName: string, keep: number): Promise<number>
  /** Logs the files of a directory as artifacts of a run, into whatever store the run's are in. */
  logArtifacts(artifacts: RunArtifacts): Promise<void>
  /**
   * Copies runs of one local store into another (the aggregate job's): made anew in experiment
   * `experimentId` of the target, with their artifacts from `artifactsDir`; returns the new ids.
   */
  importRuns(request: {
    sourceUri: string
    targetUri: string
    experimentId: string
    runIds: string[]
    artifactsDir: string
  }): Promise<Record<string, string>>
}

/** A model version to make: what `register:` asks of MLflow's model registry. */
export interface RegisterRequest {
  trackingUri: string
  /** The registered model (made when it does not exist yet). */
  name: string
  /** Moved to the new version, from whichever version held it. */
  alias: string
  /** The model: `models:/<model_id>` (MLflow 3) or `runs:/<run_id>/<path>`. */
  modelUri: string
  /** Recorded on the new version. */
  tags: Record<string, string>
}

export interface RegisteredVersion {
  version: string
  /** The version that held the alias before. */
  previousVersion?: string
}

/** MLflow's model registry, written through MLflow's own client (whatever the registry is). */
export interface ModelRegistry {
  /** Registers a new version, tags it and moves the alias; throws RegistryError. */
  register(request: RegisterRequest): Promise<RegisteredVersion>
}

/** A store downloaded from another workflow run. */
export interface FetchedStore {
  /** The directory holding mlflow.db (and artifacts/). */
  dir: string
  /** e.g. "artifact care-label-store-iris of workflow run 123 (main, abc1234)". */
  description: string
  /** The artifact's page. */
  url?: string
}

/** Workflow artifacts: the carried store and the report bundle. */
export interface ArtifactStore {
  /** The latest store of `branch`, downloaded into `dir`; undefined when there is none. */
  fetch(name: string, branch: string, dir: string): Promise<FetchedStore | undefined>
  /** Uploads `dir` as artifact `name`; returns the artifact's page. */
  upload(name: string, dir: string): Promise<string | undefined>
  /** Uploads files (paths under `root`) as artifact `name`; returns its page. */
  uploadFiles(name: string, files: string[], root: string): Promise<string | undefined>
}

/** The commit a pull request's branch left its base at, and when it was committed. */
export interface MergeBase {
  sha: string
  /** The committer's date, in ms since the epoch. */
  time: number
}

/** The repository's history (GitHub's compare API): where a pull request branched off. */
export interface Repository {
  /** The merge base of `base` (a branch) and `head` (a commit); undefined when unknown. */
  mergeBase(base: string, head: string): Promise<MergeBase | undefined>
  /** A file's text at a commit; undefined when the file is not there. */
  readFile(path: string, ref: string): Promise<string | undefined>
}

/** The workspace's git clone: another commit checked out beside it (paired runs). */
export interface Worktrees {
  /**
   * Checks out commit `sha` into a directory of its own, fetching just that commit when the
   * clone does not have it (a shallow clone); returns the directory.
   */
  add(sha: string): Promise<string>
  /** Removes a directory that `add` made. */
  remove(dir: string): Promise<void>
}

/** A report bundle a workflow run uploaded. */
export interface BundleInfo {
  id: number
  name: string
  size: number
  /** `sha256:<hex>`, as recorded at upload; the download is checked against it. */
  digest?: string
}

/** The publish stage's view of GitHub: a run's bundles, and the pull requests of its commit. */
export interface BundleSource {
  /** The artifacts of workflow run `runId` that have not expired. */
  list(runId: number): Promise<BundleInfo[]>
  /** The open pull requests whose head is the run's head commit. */
  pullRequestsOf(run: TriggeringRun): Promise<PullRequestRef[]>
  /** Downloads a bundle into `dir`; a bundle whose bytes do not match its digest is refused. */
  download(bundle: BundleInfo, run: TriggeringRun, dir: string): Promise<void>
}

/** Where a report was posted; what could not be posted is a warning, never an exception. */
export interface PublishOutcome {
  commentUrl?: string
  checkUrl?: string
  warnings: string[]
}

/** Posts a report: the job summary, the check run, the pull-request comment, or a terminal. */
export interface Publisher {
  publish(report: Report, markdown: string): Promise<PublishOutcome>
}

/** The step's outputs; writing them never throws (a failure is logged). */
/**
 * Draws the HTML report's history charts (with a charting library the action loads only when it
 * draws): each metric's chart, or why it could not be drawn.
 */
export interface ChartRenderer {
  draw(histories: MetricHistory[]): Promise<ReadonlyMap<string, HistoryChart>>
}

export interface Outputs {
  set(name: string, value: string): void
}
