/**
 * The wait for a run's end, over a fake store whose run goes through given statuses and a clock
 * that only moves when the step sleeps: the reads, the waits, the log and the exact errors.
 */
import { ACTION_SURFACE, ProjectRunError, ProjectRunFailed } from '../../src/errors.js'
import { CLI_SURFACE } from '../../src/cli/run-cli.js'
import { waitForRun, type WaitRequest } from '../../src/pipeline/wait-for-run.js'
import { fakeStore, makeRun, memoryLog } from '../support/fakes.js'

const RUN = 'a'.repeat(32)

/** A store whose run has `statuses[n]` at the nth read (the last one from then on). */
function storeThrough(statuses: string[], tags: Record<string, string> = {}) {
  const store = fakeStore('MLflow tracking server', [makeRun(RUN, { tags })])
  const reads: number[] = []
  const getRun = store.getRun.bind(store)
  store.getRun = async id => {
    const run = await getRun(id)
    run.info.status = statuses[Math.min(reads.length, statuses.length - 1)] ?? 'RUNNING'
    reads.push(clock.now())
    return run
  }
  return { store, reads }
}

/** A clock at 0 that moves by what is slept. */
function fakeClock() {
  let now = 0
  const slept: number[] = []
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms)
      now += ms
    }
  }
}

let clock: ReturnType<typeof fakeClock>
beforeEach(() => {
  clock = fakeClock()
})

const DATABRICKS: WaitRequest = { runId: RUN, backend: 'databricks', timeoutMinutes: 60 }

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('it did not fail')
}

describe('waitForRun', () => {
  it.each(['local', 'kubernetes', 'databricks'] as const)(
    'returns a FINISHED run at once, without a wait or a line (%s)',
    async backend => {
      const { store, reads } = storeThrough(['FINISHED'])
      const log = memoryLog()
      const run = await waitForRun({ ...DATABRICKS, backend }, { store, log, clock })
      expect(run.info).toMatchObject({ runId: RUN, status: 'FINISHED' })
      expect(reads).toEqual([0])
      expect(clock.slept).toEqual([])
      expect(log.lines).toEqual([])
    }
  )

  it('reads again, quickly at first and then every 15 s, until the run has ended', async () => {
    const statuses = ['SCHEDULED', ...Array<string>(7).fill('RUNNING'), 'FINISHED']
    const { store, reads } = storeThrough(statuses, {
      'mlflow.databricks.runURL': 'https://dbc.example/#job/1/run/4242'
    })
    const log = memoryLog()
    const run = await waitForRun(DATABRICKS, { store, log, clock })
    expect(run.info.status).toBe('FINISHED')
    expect(clock.slept).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000])
    expect(reads).toEqual([0, 1000, 3000, 7000, 15_000, 30_000, 45_000, 60_000, 75_000])
    expect(log.lines).toEqual([
      `info: Run ${RUN} is SCHEDULED on the databricks backend (its job run: https://dbc.example/#job/1/run/4242): waiting for it to end, at most 60 min.`,
      `info: Run ${RUN} ended FINISHED after 1 min 15 s.`
    ])
  })

  it('says every 5 minutes that the run is still going', async () => {
    // Reads at 0, 1, 3, 7 and 15 s, then every 15 s: the 24th is at 5 min, the 46th at 10 min 30 s.
    const statuses = [...Array<string>(45).fill('RUNNING'), 'FINISHED']
    const { store } = storeThrough(statuses)
    const log = memoryLog()
    await waitForRun(DATABRICKS, { store, log, clock })
    expect(log.lines).toEqual([
      `info: Run ${RUN} is RUNNING on the databricks backend: waiting for it to end, at most 60 min.`,
      `info: Run ${RUN} is still RUNNING after 5 min.`,
      `info: Run ${RUN} is still RUNNING after 10 min.`,
      `info: Run ${RUN} ended FINISHED after 10 min 30 s.`
    ])
  })

  it.each(['FAILED', 'KILLED'])(
    'a run that ended %s fails as a failed mlflow run does, and is kept',
    async status => {
      const { store } = storeThrough(['RUNNING', status], {
        'mlflow.databricks.runURL': 'https://dbc.example/#job/1/run/4242'
      })
      const error = await failure(waitForRun(DATABRICKS, { store, log: memoryLog(), clock }))
      expect(error).toBeInstanceOf(ProjectRunFailed)
      expect(error instanceof ProjectRunFailed && [error.message, error.runId]).toEqual([
        `Run ${RUN} ended ${status} on the databricks backend (its job run: https://dbc.example/#job/1/run/4242); it is kept in the store.`,
        RUN
      ])
    }
  )

  it('gives up at the bound, after a last read at the bound itself, naming the input', async () => {
    const { store, reads } = storeThrough(['RUNNING'])
    const error = await failure(
      waitForRun({ ...DATABRICKS, timeoutMinutes: 1 }, { store, log: memoryLog(), clock })
    )
    expect(reads).toEqual([0, 1000, 3000, 7000, 15_000, 30_000, 45_000, 60_000])
    expect(clock.slept.at(-1)).toBe(15_000)
    expect(error).toBeInstanceOf(ProjectRunError)
    expect(error).not.toBeInstanceOf(ProjectRunFailed)
    const described = (surface: typeof ACTION_SURFACE) =>
      error instanceof ProjectRunError && error.describe(surface)
    expect(described(ACTION_SURFACE)).toBe(
      `Run ${RUN} is still RUNNING after 1 min on the databricks backend, so it was not compared; it is left as it is in the store. If it needs longer, raise 'wait-timeout-minutes'.`
    )
    expect(described(CLI_SURFACE)).toBe(
      `Run ${RUN} is still RUNNING after 1 min on the databricks backend, so it was not compared; it is left as it is in the store. If it needs longer, raise --wait-timeout-minutes.`
    )
  })

  it('a run that ends at the last read is compared', async () => {
    const { store } = storeThrough([...Array<string>(7).fill('RUNNING'), 'FINISHED'])
    const run = await waitForRun(
      { ...DATABRICKS, timeoutMinutes: 1 },
      { store, log: memoryLog(), clock }
    )
    expect([run.info.status, clock.now()]).toEqual(['FINISHED', 60_000])
  })

  it('a store that cannot read the run ends the wait with the store’s words', async () => {
    const { store } = storeThrough(['RUNNING'])
    store.failOn('getRun', new Error('RESOURCE_DOES_NOT_EXIST: run deleted'))
    const error = await failure(waitForRun(DATABRICKS, { store, log: memoryLog(), clock }))
    expect(error instanceof Error && error.message).toBe(
      `Run '${RUN}' could not be read from the MLflow tracking server: RESOURCE_DOES_NOT_EXIST: run deleted`
    )
  })
})
