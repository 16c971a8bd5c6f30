/** Step 1: the rules, from the care-label config file. */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseConfig } from '../core/config/parse.js'
import { EMPTY_CONFIG, type CareLabelConfig } from '../core/config/types.js'
import { ConfigError } from '../errors.js'
import type { Log } from '../ports.js'

export interface LoadedConfig {
  config: CareLabelConfig
  /** Why there are no rules, when there is no config file. */
  note?: string
}

/**
 * Reads `configPath` (relative to the workspace). A missing file is no rules, unless the user
 * named it (`explicit`): then it is an error.
 */
export function loadConfig(
  workspace: string,
  configPath: string,
  explicit: boolean,
  log: Log
): LoadedConfig {
  const loaded = readConfig(workspace, configPath, explicit)
  log.info(
    loaded.config.file
      ? `Rules for ${loaded.config.metrics.length} metric(s) from ${loaded.config.file}.`
      : (loaded.note ?? 'No thresholds.')
  )
  return loaded
}

function readConfig(workspace: string, configPath: string, explicit: boolean): LoadedConfig {
  const file = path.resolve(workspace, configPath)
  if (!existsSync(file)) {
    if (explicit) {
      throw new ConfigError(
        surface =>
          `the config file does not exist. Create it, or remove ${surface.input('config')} to run without thresholds.`,
        { file: configPath }
      )
    }
    return {
      config: EMPTY_CONFIG,
      note: `No thresholds: ${configPath} does not exist, so metrics are reported but not checked. Add that file with a 'metrics:' section to gate on them.`
    }
  }
  return { config: parseConfig(configPath, readFileSync(file, 'utf8')) }
}
