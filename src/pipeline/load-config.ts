/**
 * Step 1: the rules, from the care-label config file. A pull request is judged by the base
 * branch's rules by default (read at the base commit through GitHub), so that it cannot loosen
 * its own gate; what it changes in them is reported at the top of the comment.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { diffRules } from '../core/config/diff.js'
import { parseConfig } from '../core/config/parse.js'
import { EMPTY_CONFIG, type CareLabelConfig } from '../core/config/types.js'
import { ConfigError, errorMessage } from '../errors.js'
import type { Log, Repository } from '../ports.js'
import type { RunContext } from '../core/context.js'
import type { Settings } from '../settings/types.js'
import type { Notes } from './notes.js'

export interface LoadedConfig {
  config: CareLabelConfig
  /** Why there are no rules, when there is no config file. */
  note?: string
  /** Whose rules these are, and what the pull request changes in them. */
  rules?: { from: 'base' | 'head'; changes: string[] }
}

export interface RulesRequest {
  workspace: string
  configPath: string
  explicit: boolean
  /** A pull request's base commit: its rules are read, to judge by them and to show changes. */
  baseSha?: string
  /** Whose rules judge a pull request (the `rules` input). */
  apply: 'base' | 'head'
}

/** Where the rules are, and whose judge a pull request, as the settings say. */
export function rulesRequest(settings: Settings, context: RunContext): RulesRequest {
  return {
    workspace: settings.workspace,
    configPath: settings.configPath,
    explicit: settings.configExplicit,
    baseSha: context.pullRequest === undefined ? undefined : context.baseSha,
    apply: settings.rules
  }
}

export async function loadConfig(
  request: RulesRequest,
  deps: { log: Log; notes: Notes; repository?: Repository }
): Promise<LoadedConfig> {
  const head = readConfig(request.workspace, request.configPath, request.explicit)
  const { baseSha } = request
  const loaded = baseSha === undefined ? head : await fromBase({ ...request, baseSha }, head, deps)
  const { config } = loaded
  deps.log.info(
    config.file
      ? `Rules for ${config.metrics.length} metric(s) from ${config.file}${loaded.rules?.from === 'base' ? ' at the base commit' : ''}.`
      : (loaded.note ?? 'No thresholds.')
  )
  return loaded
}

/** The base commit's rules, with what the pull request changes in them. */
async function fromBase(
  request: RulesRequest & { baseSha: string },
  head: LoadedConfig,
  deps: { notes: Notes; repository?: Repository }
): Promise<LoadedConfig> {
  const own = (why: string): LoadedConfig => {
    deps.notes.warn(why)
    return { ...head, rules: { from: 'head', changes: [] } }
  }
  if (deps.repository === undefined) {
    if (request.apply === 'head') return head
    return own(
      `The base branch's rules could not be read (no GitHub token): this pull request is judged by its own ${request.configPath}.`
    )
  }
  let text: string | undefined
  try {
    text = await deps.repository.readFile(request.configPath, request.baseSha)
  } catch (error) {
    return own(
      `The base branch's rules could not be read (${errorMessage(error)}): this pull request is judged by its own ${request.configPath}.`
    )
  }
  // Before the rules file exists there is no gate a pull request could loosen.
  if (text === undefined) return { ...head, rules: { from: 'head', changes: [] } }
  const base = parseRulesAt(request.configPath, request.baseSha, text)
  const changes = diffRules(base, head.config)
  if (request.apply === 'head') return { ...head, rules: { from: 'head', changes } }
  return { config: base, rules: { from: 'base', changes } }
}

/**
 * The rules file's text as it was at commit `sha`. Its errors name the commit; the annotations
 * point at the file in the checkout.
 */
export function parseRulesAt(configPath: string, sha: string, text: string): CareLabelConfig {
  return { ...parseConfig(`${configPath} (at ${sha.slice(0, 7)})`, text), file: configPath }
}

/**
 * Reads `configPath` (relative to the workspace). A missing file is no rules, unless the user
 * named it (`explicit`): then it is an error.
 */
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
