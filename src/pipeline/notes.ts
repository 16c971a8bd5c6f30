/** Warnings of a run: logged where they happen, and kept for the report's notes. */
import type { FileLocation } from '../errors.js'
import type { Log } from '../ports.js'

export interface Notes {
  /** Logs a warning and keeps it for the report. */
  warn(message: string, location?: FileLocation): void
  /** The warnings so far, in order. */
  readonly list: string[]
}

export function collectNotes(log: Log): Notes {
  const list: string[] = []
  return {
    warn(message, location) {
      log.warning(message, location)
      list.push(message)
    },
    list
  }
}
