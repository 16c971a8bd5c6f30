/**
 * The team server of the tests (test/support/team-server.ts) for bench/team.mjs, in a process of
 * its own (bundled with ncc): the benchmark measures with spawnSync, which blocks its event loop,
 * and the loop that reads the servers' output (the tracking server logs every request) must keep
 * reading or the servers stall on a full pipe.
 *
 *   node team-serve.js    prints one JSON line: url, clientEnv, backendStoreUri
 *
 * Everything is stopped when its stdin closes, that is when the benchmark has ended, however it
 * ended, or on SIGINT and SIGTERM.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { startTeamServer } from '../test/support/team-server.js'

/**
 * The tracking server's `--backend-store-uri` (PostgreSQL, with its password), read from the
 * command line of this process's child that has one: the benchmark writes its runs there
 * directly, and TeamServer does not say where it is.
 */
function backendStoreUri(): string {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    let args: string[]
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
    } catch {
      continue
    }
    // The command name in parentheses may hold spaces: the parent pid follows the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    const uri = args[args.indexOf('--backend-store-uri') + 1]
    if (ppid === process.pid && args.includes('--backend-store-uri') && uri) return uri
  }
  throw new Error('No child of this process is a tracking server with a --backend-store-uri.')
}

const team = await startTeamServer()
let stopping: Promise<void> | undefined
const stop = (): void => {
  stopping ??= team.stop().finally(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
try {
  const ready = { url: team.url, clientEnv: team.clientEnv, backendStoreUri: backendStoreUri() }
  process.stdout.write(`${JSON.stringify(ready)}\n`)
} catch (error) {
  await team.stop()
  throw error
}
process.stdin.on('close', stop)
process.stdin.resume()
