import { run } from './main.js'

// The bundle holds its dependencies, so Node takes unzip-stream's `new Buffer()` (used by
// @actions/artifact's download) for the action's own code and prints DEP0005 into the user's
// log. That warning is about a dependency, not about anything the user can change: drop it,
// and only it.
const emitWarning = process.emitWarning.bind(process)
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const code =
    typeof rest[1] === 'string' ? rest[1] : (rest[0] as { code?: string } | undefined)?.code
  if (code === 'DEP0005') return
  return (emitWarning as (...args: unknown[]) => void)(warning, ...rest)
}) as typeof process.emitWarning

await run()
