/**
 * Jest setup file (every suite): drops the workflow commands that @actions/core writes to stdout
 * when code under test runs in the Jest process (`::debug::…` from @actions/artifact,
 * `::add-mask::…`, `::warning::…`), so they do not scatter between the results. A workflow command
 * is a single line (`::name key=value::message`, newlines escaped as %0A) written with one `write`
 * call; every other write goes through unchanged, and a spy on process.stdout.write still sees
 * every call. CARE_LABEL_TEST_WORKFLOW_COMMANDS=1 shows them.
 *
 * It replaces only process.stdout.write: no env var, no global that the code reads.
 */
const COMMAND = /^::[A-Za-z][\w-]*(?: [^\n]*?)?::[^\n]*\r?\n?$/
// The worker's stdout is shared by the suites it runs: wrap it once.
const QUIET = Symbol.for('care-label.quiet-workflow-commands')

type Write = (chunk: unknown, ...rest: unknown[]) => boolean

if (process.env['CARE_LABEL_TEST_WORKFLOW_COMMANDS'] !== '1' && !(QUIET in process.stdout.write)) {
  const write = process.stdout.write.bind(process.stdout) as Write
  const quiet: Write = (chunk, ...rest) => {
    const text =
      typeof chunk === 'string'
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk).toString()
          : ''
    if (!COMMAND.test(text)) return write(chunk, ...rest)
    // Keep the stream's contract: a callback given as the last argument is called.
    const callback = rest.at(-1)
    if (typeof callback === 'function') process.nextTick(() => (callback as () => void)())
    return true
  }
  Object.defineProperty(quiet, QUIET, { value: true })
  process.stdout.write = quiet as typeof process.stdout.write
}

export {}
