/** What the Actions runner gives a step: the event payload, secret masking, step outputs. */
import { readFileSync } from 'node:fs'
import * as core from '@actions/core'
import { errorMessage } from '../../errors.js'
import type { Outputs } from '../../ports.js'
import { clearTextWarning, type TrackingLocation } from '../../settings/tracking-uri.js'
import { trackingSecrets } from '../../util/redact.js'

/** The event payload (GITHUB_EVENT_PATH), or {} with a warning when it cannot be read. */
export function readEventPayload(env: NodeJS.ProcessEnv): unknown {
  const file = env['GITHUB_EVENT_PATH']
  if (!file) return {}
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    core.warning(`Could not read the event payload ${file}: ${errorMessage(error)}`)
    return {}
  }
}

/**
 * Masks the tracking credentials (a tracking server's password and token, a Databricks
 * workspace's token, the password of a tracking URI or of DATABRICKS_HOST), and warns, once they
 * are masked, when the Databricks token would travel unencrypted.
 */
export function maskSecrets(env: NodeJS.ProcessEnv, tracking: TrackingLocation): void {
  for (const secret of trackingSecrets(env, tracking.uri)) core.setSecret(secret)
  const warning = clearTextWarning(tracking)
  if (warning !== undefined) core.warning(warning)
}

/** Every output of action.yml, with the value it has when nothing set it. */
export const OUTPUT_DEFAULTS: Record<string, string> = {
  'run-id': '',
  'baseline-run-id': '',
  verdict: 'error',
  grade: '',
  report: '',
  'comment-url': '',
  'check-url': '',
  'label-svg': '',
  'report-html': '',
  'artifact-url': '',
  'tracking-uri': ''
}

/**
 * The step's outputs, kept until `flush` writes them all, once, at the end. Writing cannot throw
 * past `flush`: an unwritable GITHUB_OUTPUT is a warning, and the step's result stands.
 */
export function stepOutputs(): Outputs & { flush(): void } {
  const values = new Map(Object.entries(OUTPUT_DEFAULTS))
  return {
    set: (name, value) => {
      values.set(name, value)
    },
    flush: () => {
      for (const [name, value] of values) {
        try {
          core.setOutput(name, value)
        } catch (error) {
          core.warning(`Could not write the output '${name}': ${errorMessage(error)}`)
          return
        }
      }
    }
  }
}
