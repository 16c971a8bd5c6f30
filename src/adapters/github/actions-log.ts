/** The Log on the Actions runner: groups, annotations, masked secrets. */
import * as core from '@actions/core'
import type { FileLocation } from '../../errors.js'
import type { Log } from '../../ports.js'

function properties(location?: FileLocation): core.AnnotationProperties | undefined {
  if (location === undefined) return undefined
  return { file: location.file, startLine: location.line, startColumn: location.column }
}

export const actionsLog: Log = {
  info: message => core.info(message),
  warning: (message, location) => core.warning(message, properties(location)),
  error: (message, location) => core.error(message, properties(location)),
  debug: message => core.debug(message),
  group: (title, fn) => core.group(title, fn),
  mask: secret => {
    if (secret !== '') core.setSecret(secret)
  }
}
