/**
 * The team server of the tests (test/support/team-server.ts) for bench/team.mjs, in a process of
 * its own (bundled with ncc): the benchmark measures with spawnSync, which blocks its event loop,
 * and the loop that reads the servers' output (the tracking server logs every request) must keep
 * reading or the servers stall on a full pipe.
 *
 *   node team-serve.js    prints one JSON line: url, clientEnv, backendStoreUri
 *
 * A line `auth-cache <seconds>` on its stdin restarts the tracking server with MLflow's
 * credential cache at that many seconds, then prints `ready`. Everything is stopped when its
 * stdin closes, that is when the benchmark has ended, however it ended, or on SIGINT and
 * SIGTERM.
 */
import readline from 'node:readline'
import { startTeamServer } from '../test/support/team-server.js'

const team = await startTeamServer()
let stopping: Promise<void> | undefined
const stop = (): void => {
  stopping ??= team.stop().finally(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
const ready = { url: team.url, clientEnv: team.clientEnv, backendStoreUri: team.backendStoreUri }
process.stdout.write(`${JSON.stringify(ready)}\n`)
const lines = readline.createInterface({ input: process.stdin })
lines.on('line', line => {
  const seconds = /^auth-cache (\d+)$/.exec(line.trim())?.[1]
  if (seconds === undefined) return
  team.setAuthCache(Number(seconds)).then(
    () => process.stdout.write('ready\n'),
    (error: unknown) => {
      process.stderr.write(`The tracking server did not restart: ${String(error)}\n`)
      stop()
    }
  )
})
lines.on('close', stop)
