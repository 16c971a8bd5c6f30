/**
 * Reads an MLproject file (pure: name and content in) so that a wrong entry point, a missing
 * required parameter or a value of the wrong type is reported with the file and line before any
 * compute is spent, instead of deep inside `mlflow run`.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml'
import { ConfigError } from '../../errors.js'
import { editDistance } from '../text.js'

export type ParameterType = 'string' | 'float' | 'int' | 'path' | 'uri'

export interface ProjectParameter {
  name: string
  type: ParameterType
  default?: string
  line?: number
}

export interface EntryPoint {
  name: string
  parameters: ProjectParameter[]
  command: string
  line?: number
}

export interface MLProject {
  file: string
  name?: string
  entryPoints: EntryPoint[]
}

const TYPES: ParameterType[] = ['string', 'float', 'int', 'path', 'uri']

export function parseMLproject(file: string, content: string): MLProject {
  const lines = new LineCounter()
  const doc = parseDocument(content, { lineCounter: lines, prettyErrors: false })
  const lineOf = (node: unknown): number | undefined => {
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      const offset: unknown = node.range[0]
      if (typeof offset === 'number') return lines.linePos(offset).line
    }
    return undefined
  }
  function fail(message: string, node?: unknown): never {
    throw new ConfigError(message, { file, line: lineOf(node) })
  }
  const problem = doc.errors[0]
  if (problem) {
    throw new ConfigError(`is not valid YAML: ${problem.message.split('\n')[0]}`, {
      file,
      line: lines.linePos(problem.pos[0]).line
    })
  }
  const root = doc.contents
  if (!isMap(root)) fail('an MLproject file must be a mapping with entry_points.', root)
  const project: MLProject = { file, entryPoints: [] }
  const nameNode = root.get('name', true)
  if (isScalar(nameNode) && nameNode.value !== null) project.name = String(nameNode.value)
  const entries = root.get('entry_points', true)
  if (entries === undefined) return project
  if (!isMap(entries)) fail('entry_points must be a mapping of entry point names.', entries)
  for (const pair of entries.items) {
    const name = isScalar(pair.key)
      ? String(pair.key.value)
      : fail('an entry point name must be plain text.', pair.key)
    const value = pair.value
    const entry: EntryPoint = { name, parameters: [], command: '', line: lineOf(pair.key) }
    if (!isMap(value)) fail(`entry point '${name}' must be a mapping with a command.`, pair.key)
    const command = value.get('command', true)
    if (!isScalar(command) || typeof command.value !== 'string') {
      fail(`entry point '${name}' needs a command.`, pair.key)
    }
    entry.command = command.value
    const params = value.get('parameters', true)
    if (params !== undefined && params !== null && !(isScalar(params) && params.value === null)) {
      if (!isMap(params)) fail(`parameters of entry point '${name}' must be a mapping.`, params)
      for (const p of params.items) {
        const pname = isScalar(p.key)
          ? String(p.key.value)
          : fail('a parameter name must be plain text.', p.key)
        const parameter: ProjectParameter = { name: pname, type: 'string', line: lineOf(p.key) }
        if (isScalar(p.value)) {
          // Shorthand: `alpha: float`.
          if (p.value.value !== null) parameter.type = parseType(String(p.value.value), p.value)
        } else if (isMap(p.value)) {
          const type = p.value.get('type', true)
          if (isScalar(type) && type.value !== null)
            parameter.type = parseType(String(type.value), type)
          const def = p.value.get('default', true)
          if (isScalar(def) && def.value !== null) parameter.default = String(def.value)
        } else {
          fail(`parameter '${pname}' must be a type or a mapping with type and default.`, p.key)
        }
        entry.parameters.push(parameter)
      }
    }
    project.entryPoints.push(entry)
  }
  return project

  function parseType(type: string, node: unknown): ParameterType {
    const found = TYPES.find(t => t === type)
    return found ?? fail(`unknown parameter type '${type}': use one of ${TYPES.join(', ')}.`, node)
  }
}

export interface ParameterProblem {
  message: string
  line?: number
}

/**
 * Checks the parameters given for an entry point the way `mlflow run` will: required ones are
 * present, int and float values parse. MLflow appends parameters the entry point does not declare
 * to the command as `--name value`, and some scripts rely on that, so an undeclared name is a note;
 * but one that looks like a misspelt declared parameter (`max_dept` for `max_depth`) is a problem
 * with a did-you-mean, at the line of the declared parameter, because the script would most likely
 * fail on it after MLflow has started a run.
 */
export function checkParameters(
  entry: EntryPoint,
  given: Array<[string, string]>
): { problems: ParameterProblem[]; notes: string[] } {
  const problems: ParameterProblem[] = []
  const notes: string[] = []
  const values = new Map(given)
  for (const parameter of entry.parameters) {
    const value = values.get(parameter.name)
    if (value === undefined) {
      if (parameter.default === undefined) {
        problems.push({
          message: `entry point '${entry.name}' needs parameter '${parameter.name}' (${parameter.type}), which has no default: add '${parameter.name}=<value>' to the 'parameters' input.`,
          line: parameter.line
        })
      }
      continue
    }
    if (parameter.type === 'int' && !/^[-+]?\d+$/.test(value.trim())) {
      problems.push({
        message: `parameter '${parameter.name}' of entry point '${entry.name}' is an int, but the value given is '${value}'.`,
        line: parameter.line
      })
    }
    if (parameter.type === 'float' && (value.trim() === '' || Number.isNaN(Number(value)))) {
      problems.push({
        message: `parameter '${parameter.name}' of entry point '${entry.name}' is a float, but the value given is '${value}'.`,
        line: parameter.line
      })
    }
  }
  const declared = new Set(entry.parameters.map(p => p.name))
  for (const [name] of given) {
    if (declared.has(name)) continue
    const close = resemblingParameter(name, entry.parameters)
    if (close) {
      problems.push({
        message: `parameter '${name}' is not declared by entry point '${entry.name}'. Did you mean '${close.name}'? (declared: ${entry.parameters.map(p => p.name).join(', ')})`,
        line: close.line
      })
    } else {
      notes.push(
        `parameter '${name}' is not declared by entry point '${entry.name}'; MLflow will append it to the command as '--${name} <value>'.`
      )
    }
  }
  return { problems, notes }
}

/**
 * The declared parameter an undeclared name most likely misspells: the same name but for case and
 * `-`/`_`, else the nearest within an edit distance of 2 (ignoring case, `-` counted as `_`) that
 * changes at most half of the longer name (so `k` is not taken for `lr`). Ties go to the one
 * declared first.
 */
function resemblingParameter(
  name: string,
  parameters: ProjectParameter[]
): ProjectParameter | undefined {
  const fold = (s: string): string => s.toLowerCase().replace(/-/g, '_')
  const same = parameters.find(p => fold(p.name).replace(/_/g, '') === fold(name).replace(/_/g, ''))
  if (same) return same
  let best: { parameter: ProjectParameter; distance: number } | undefined
  for (const parameter of parameters) {
    const distance = editDistance(fold(name), fold(parameter.name))
    const limit = Math.min(2, Math.floor(Math.max(name.length, parameter.name.length) / 2))
    if (distance <= limit && (!best || distance < best.distance)) best = { parameter, distance }
  }
  return best?.parameter
}
