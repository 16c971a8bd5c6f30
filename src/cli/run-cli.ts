/**
 * The same pipeline from a terminal (and the demo): runs an MLflow Project into a store, compares
 * with a baseline, writes the care-label report to files and prints it.
 *
 *   node dist/cli/index.js --project examples/iris -P max_depth=3 --baseline-branch main
 */
import { parseArgs } from 'node:util'
import path from 'node:path'
import { ActionError, ConfigError, errorMessage } from './errors.js'
import { readRunContext } from './adapters/github/context.js'
import { readSettings } from './settings/inputs.js'
import { consoleLog } from './adapters/console-log.js'
import { runPipeline } from './pipeline.js'
import { spawnCommandRunner } from './adapters/project/commands.js'

const USAGE = `Usage: care-label [options]

Runs an MLflow Project (or takes a logged run), compares it with a baseline run and writes the
care-label report (report.md, report.json) to the output directory.

Options (each is the action input of the same name):
  --project DIR            directory with an MLproject (default: .)
  --entry-point NAME       entry point (default: main)
  -P, --param KEY=VALUE    a parameter of the entry point (repeatable)
  --env-manager NAME       local | uv | virtualenv | conda (default: local)
  --experiment-name NAME   default: the MLproject's name
  --run-name NAME
  --tracking-uri URI       http(s):// server or sqlite:///path (default: a local store in the output dir)
  --config FILE            thresholds (default: .github/care-label.yml)
  --run-id ID              report on this run instead of running the project
  --baseline-run-id ID     compare with this run
  --baseline-branch NAME   compare with the latest run recorded on this branch
  --branch NAME            record this run as run on this branch (so later runs find it)
  --output-dir DIR         where the reports (and a local store) go (default: ./out/care-label)
  --no-fail                exit 0 even when a threshold is broken
  --verbose
  -h, --help

Exit code: 0 passed (or no baseline), 1 a threshold is broken, 2 an error.`

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      'entry-point': { type: 'string' },
      param: { type: 'string', short: 'P', multiple: true },
      'env-manager': { type: 'string' },
      'experiment-name': { type: 'string' },
      'run-name': { type: 'string' },
      'tracking-uri': { type: 'string' },
      config: { type: 'string' },
      'run-id': { type: 'string' },
      'baseline-run-id': { type: 'string' },
      'baseline-branch': { type: 'string' },
      branch: { type: 'string' },
      'output-dir': { type: 'string' },
      'no-fail': { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const log = consoleLog(values.verbose ?? false)
  const inputs: Record<string, string> = {
    project: values.project ?? '',
    'entry-point': values['entry-point'] ?? '',
    parameters: (values.param ?? []).join('\n'),
    'env-manager': values['env-manager'] ?? '',
    'experiment-name': values['experiment-name'] ?? '',
    'run-name': values['run-name'] ?? '',
    'tracking-uri': values['tracking-uri'] ?? '',
    config: values.config ?? '',
    'run-id': values['run-id'] ?? '',
    'baseline-run-id': values['baseline-run-id'] ?? '',
    'baseline-branch': values['baseline-branch'] ?? '',
    'fail-on-regression': values['no-fail'] ? 'false' : 'true',
    'output-dir': path.resolve(values['output-dir'] ?? path.join('out', 'care-label'))
  }
  try {
    const workspace = process.cwd()
    const settings = readSettings(name => inputs[name] ?? '', { GITHUB_WORKSPACE: workspace })
    const branch = values.branch ?? ''
    const context = readRunContext(
      {
        GITHUB_EVENT_NAME: branch ? 'push' : 'local',
        GITHUB_REF: branch ? `refs/heads/${branch}` : '',
        GITHUB_REF_NAME: branch
      },
      {}
    )
    const report = await runPipeline(settings, context, {
      log,
      env: process.env,
      commands: spawnCommandRunner,
      workspace,
      publish: async (_report, markdown) => {
        process.stdout.write(`\n${markdown}`)
      }
    })
    log.info(`\nVerdict: ${report.verdict}. Report: ${path.join(settings.outputDir, 'report.md')}`)
    return report.verdict === 'fail' && settings.failOnRegression ? 1 : 0
  } catch (error) {
    if (error instanceof ConfigError) log.error(error.message)
    else if (error instanceof ActionError) log.error(error.message)
    else
      log.error(
        `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}`
      )
    return 2
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`error: ${errorMessage(error)}\n${USAGE}\n`)
  return 2
})
