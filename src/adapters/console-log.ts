/** The terminal's Log (the CLI): plain lines on stderr. */
import type { FileLocation } from '../errors.js'
import type { Log } from '../ports.js'

/** A terminal log for the CLI: plain lines on stderr. */
export function consoleLog(verbose = false): Log {
  const secrets: string[] = []
  const clean = (text: string): string => secrets.reduce((t, s) => t.split(s).join('***'), text)
  const where = (location?: FileLocation): string =>
    location ? `${location.file}${location.line ? `:${location.line}` : ''}: ` : ''
  return {
    info: message => process.stderr.write(`${clean(message)}\n`),
    warning: (message, location) =>
      process.stderr.write(`warning: ${where(location)}${clean(message)}\n`),
    error: (message, location) =>
      process.stderr.write(`error: ${where(location)}${clean(message)}\n`),
    debug: message => {
      if (verbose) process.stderr.write(`${clean(message)}\n`)
    },
    group: async (title, fn) => {
      process.stderr.write(`▸ ${clean(title)}\n`)
      return fn()
    },
    mask: secret => {
      if (secret !== '') secrets.push(secret)
    }
  }
}
