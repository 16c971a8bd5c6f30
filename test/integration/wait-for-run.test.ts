/**
 * The wait for a run's end against a real `mlflow server`: a run created RUNNING with MLflow's
 * client, ended a little later by another Python process, is read through our REST store until
 * it has ended. And the run of a databricks `mlflow run`, which MLflow names only by its
 * Databricks job run, found with MLflow's client by the tag MLflow puts on it.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { Writable } from 'node:stream'
import { echoingCommandRunner, type CommandRunner } from '../../src/adapters/project/commands.js'
import { runProject, type MlflowCli } from '../../src/adapters/project/mlflow-cli.js'
import { openStore } from '../../src/adapters/mlflow/open-store.js'
import { ProjectRunFailed } from '../../src/errors.js'
import type { ProjectRunSpec, TrackingStore } from '../../src/ports.js'
import { waitForRun } from '../../src/pipeline/wait-for-run.js'
import { memoryLog } from '../support/fakes.js'
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server.js'
import { runPython, venvBin } from '../support/python.js'

let server: MlflowServer
let store: TrackingStore

beforeAll(async () => {
  server = await startMlflowServer()
  store = openStore({ kind: 'server', uri: server.url }, { env: {} })
}, 180_000)

afterAll(async () => {
  await store?.close()
  await server?.stop()
})

/**
 * Creates RUNNING runs with MLflow's client, one per [experiment, tags], in one process (each
 * start of Python with MLflow takes seconds); returns their ids.
 */
function createRunning(...runs: Array<[string, Record<string, string>?]>): string[] {
  const out = runPython(
    [
      'import json, os, mlflow',
      'from mlflow import MlflowClient',
      'ids = []',
      'for name, tags in json.loads(os.environ["RUNS"]):',
      '    experiment = mlflow.set_experiment(name)',
      '    ids.append(MlflowClient().create_run(experiment.experiment_id, tags=tags).info.run_id)',
      'print(json.dumps(ids))'
    ].join('\n'),
    {
      MLFLOW_TRACKING_URI: server.url,
      RUNS: JSON.stringify(runs.map(([name, tags]) => [name, tags ?? {}]))
    }
  )
  const ids: unknown = JSON.parse(out.trim().split('\n').pop() ?? '[]')
  if (!Array.isArray(ids) || ids.length !== runs.length) throw new Error(`not run ids: ${out}`)
  return ids.map(String)
}

/**
 * Ends the run with `status` from another Python process, `afterSeconds` after MLflow's client
 * is loaded; resolves with that process's exit code once it has ended.
 */
function endLater(runId: string, status: string, afterSeconds: number): Promise<number | null> {
  const child = spawn(
    path.join(venvBin(), 'python'),
    [
      '-c',
      [
        'import sys, time',
        'from mlflow import MlflowClient',
        'client = MlflowClient()',
        'time.sleep(float(sys.argv[3]))',
        'client.set_terminated(sys.argv[1], sys.argv[2])'
      ].join('\n'),
      runId,
      status,
      String(afterSeconds)
    ],
    {
      env: { ...process.env, MLFLOW_TRACKING_URI: server.url, PYTHONWARNINGS: 'ignore' },
      stdio: 'ignore'
    }
  )
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', code => resolve(code))
  })
}

describe('waitForRun against a real tracking server', () => {
  it('waits for a RUNNING run that another process ends, and returns it FINISHED', async () => {
    const [runId = ''] = createRunning(['waited'])
    const ended = endLater(runId, 'FINISHED', 1)
    const log = memoryLog()
    const started = Date.now()
    const run = await waitForRun(
      { runId, backend: 'databricks', timeoutMinutes: 2 },
      { store, log }
    )
    const waited = Date.now() - started
    expect(await ended).toBe(0)
    expect(run.info).toMatchObject({ runId, status: 'FINISHED' })
    expect(run.info.endTime).toBeGreaterThan(run.info.startTime)
    expect(log.lines[0]).toBe(
      `info: Run ${runId} is RUNNING on the databricks backend: waiting for it to end, at most 2 min.`
    )
    expect(log.lines.at(-1)).toMatch(new RegExp(`^info: Run ${runId} ended FINISHED after \\d`))
    expect(log.lines).toHaveLength(2)
    // At least the second the other process slept, and only a read or two more.
    expect(waited).toBeGreaterThanOrEqual(1000)
    expect(waited).toBeLessThan(30_000)
  }, 60_000)

  it('a run that another process kills fails as a failed mlflow run does', async () => {
    const [runId = ''] = createRunning(['killed'])
    const ended = endLater(runId, 'KILLED', 0)
    const error = await waitForRun(
      { runId, backend: 'kubernetes', timeoutMinutes: 2 },
      { store, log: memoryLog() }
    ).catch((e: unknown) => e)
    expect(await ended).toBe(0)
    expect(error).toBeInstanceOf(ProjectRunFailed)
    expect(error instanceof ProjectRunFailed && [error.message, error.runId]).toEqual([
      `Run ${runId} ended KILLED on the kubernetes backend; it is kept in the store.`,
      runId
    ])
  }, 60_000)
})

describe('the run of a databricks mlflow run', () => {
  /**
   * The `mlflow` command with one stand-in: `mlflow run` prints what MLflow prints when it has
   * submitted a project to Databricks (no Databricks here); the lookup that follows is MLflow's
   * own client, against the server.
   */
  function databricksCli(jobRunId: string): { cli: MlflowCli; argv: string[][] } {
    const argv: string[][] = []
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() })
    const real = echoingCommandRunner(sink)
    const runner: CommandRunner = {
      run: async (command, args, options) => {
        if (args[0] !== 'run') return real.run(command, args, options)
        argv.push(args)
        for (const line of [
          `2026/12/02 05:31:42 INFO mlflow.projects.databricks: === Running entry point main of project ${args[1]} on Databricks ===`,
          `2026/12/02 05:31:43 INFO mlflow.projects.databricks: === Launched MLflow run as Databricks job run with ID ${jobRunId}. Getting run status page URL... ===`,
          `2026/12/02 05:31:43 INFO mlflow.projects.databricks: === Check the run's status at https://dbc.example/#job/1/run/${jobRunId} ===`
        ]) {
          options.onLine?.(line)
        }
        return 0
      }
    }
    const env = { ...process.env, PYTHONWARNINGS: 'ignore' }
    return {
      cli: { command: [path.join(venvBin(), 'mlflow')], runner, env, log: memoryLog() },
      argv
    }
  }

  const spec = (experimentName: string): ProjectRunSpec => ({
    project: '/w/model',
    entryPoint: 'main',
    parameters: [],
    envManager: 'local',
    backend: 'databricks',
    backendConfig: '/w/cluster.json',
    experimentName,
    runName: '',
    trackingUri: server.url
  })

  it('is the run MLflow tagged with the Databricks job run’s id', async () => {
    const [tagged] = createRunning(
      ['on-databricks', { 'mlflow.databricks.shellJobRunID': '4242' }],
      ['on-databricks', { 'mlflow.databricks.shellJobRunID': '42420' }],
      ['elsewhere', { 'mlflow.databricks.shellJobRunID': '4242' }]
    )
    const { cli, argv } = databricksCli('4242')
    const outcome = await runProject(cli, spec('on-databricks'))
    expect(outcome).toMatchObject({ runId: tagged, exitCode: 0 })
    expect(argv[0]?.slice(-4)).toEqual([
      '--backend',
      'databricks',
      '--backend-config',
      '/w/cluster.json'
    ])
  }, 60_000)

  it('is none when no run of the experiment carries that id', async () => {
    createRunning(['on-databricks-too', { 'mlflow.databricks.shellJobRunID': '7' }])
    const { cli } = databricksCli('77')
    const outcome = await runProject(cli, spec('on-databricks-too'))
    expect(outcome.runId).toBeUndefined()
    expect(outcome.exitCode).toBe(0)
  }, 60_000)
})
