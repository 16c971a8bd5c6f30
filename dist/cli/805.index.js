export const id = 805;
export const ids = [805];
export const modules = {

/***/ 45805:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// UNUSED EXPORTS: CLI_SURFACE

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/adapters/console-log.ts
/** A terminal log for the CLI: plain lines on stderr. */
function consoleLog(verbose = false) {
    const secrets = [];
    const clean = (text) => secrets.reduce((t, s) => t.split(s).join('***'), text);
    const where = (location) => location ? `${location.file}${location.line ? `:${location.line}` : ''}: ` : '';
    return {
        info: message => process.stderr.write(`${clean(message)}\n`),
        warning: (message, location) => process.stderr.write(`warning: ${where(location)}${clean(message)}\n`),
        error: (message, location) => process.stderr.write(`error: ${where(location)}${clean(message)}\n`),
        debug: message => {
            if (verbose)
                process.stderr.write(`${clean(message)}\n`);
        },
        group: async (title, fn) => {
            process.stderr.write(`▸ ${clean(title)}\n`);
            return fn();
        },
        mask: secret => {
            if (secret !== '')
                secrets.push(secret);
        }
    };
}

;// CONCATENATED MODULE: ./src/errors.ts
/**
 * The typed errors and the one failure policy.
 *
 * Every error the user can act on is an ActionError whose message says what is wrong and how to
 * fix it. Where a message names an input, it names it through a `Surface`, so that the action
 * says `input 'entry-point'` and the CLI says `--entry-point`. `describeFailure` is the policy
 * that the action, the CLI and the publish stage share: a user error becomes its message (and a
 * file and line, when known), anything else is a bug and is reported as one. A regression is not
 * an error: it is a result, and the gate decides.
 */
const ACTION_SURFACE = {
    input: name => `'${name}'`,
    label: name => `Input '${name}'`,
    name: 'action'
};
function word(wording, surface) {
    return typeof wording === 'string' ? wording : wording(surface);
}
class ActionError extends Error {
    wording;
    constructor(message, options) {
        super(word(message, ACTION_SURFACE), options);
        this.name = new.target.name;
        this.wording = message;
    }
    /** The message as the given surface words it. */
    describe(surface) {
        return word(this.wording, surface);
    }
}
/** An action input (or CLI flag) has a value we cannot use. */
class InputError extends ActionError {
    input;
    constructor(input, message) {
        super(surface => `${surface.label(input)}: ${word(message, surface)}`);
        this.input = input;
    }
}
/** The care-label config file (or an MLproject file) is malformed or invalid. */
class ConfigError extends ActionError {
    location;
    constructor(message, location, options) {
        super(surface => `${formatLocation(location)}: ${word(message, surface)}`, options);
        this.location = location;
    }
}
/** The MLflow tracking server answered with an error, or could not be reached. */
class MlflowApiError extends ActionError {
    details;
    constructor(message, details = {}, options) {
        super(message, options);
        this.details = details;
    }
}
/** A local MLflow store (or a carried one) could not be opened, read or written. */
class errors_StoreError extends ActionError {
}
/** A workflow artifact could not be found, uploaded or downloaded, or was refused. */
class ArtifactError extends ActionError {
}
/** Outside data that is not of the expected shape; the message names the field. */
class errors_DataFormatError extends ActionError {
}
/** A report.json that is not what this action writes (a field of the wrong type or size). */
class errors_ReportFormatError extends errors_DataFormatError {
}
/** A filter or order_by that MLflow's search grammar does not accept. */
class SearchSyntaxError extends ActionError {
}
/** `mlflow run` failed, or the project cannot be run as asked. */
class ProjectRunError extends ActionError {
    location;
    constructor(message, location, options) {
        super(surface => location
            ? `${formatLocation(location)}: ${word(message, surface)}`
            : word(message, surface), options);
        this.location = location;
    }
}
/** A failed `mlflow run` whose run was logged: the run is kept, and its id reported. */
class ProjectRunFailed extends ProjectRunError {
    runId;
    constructor(message, runId) {
        super(message);
        this.runId = runId;
    }
}
function formatLocation(location) {
    let text = location.file;
    if (location.line !== undefined)
        text += `:${location.line}`;
    if (location.line !== undefined && location.column !== undefined)
        text += `:${location.column}`;
    return text;
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
/** The failure policy: how any error that ends a run is shown. */
function describeFailure(error, surface) {
    if (error instanceof ActionError) {
        const location = error instanceof ConfigError
            ? error.location
            : error instanceof ProjectRunError
                ? error.location
                : undefined;
        return { kind: 'user', message: error.describe(surface), location };
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return {
        kind: 'bug',
        message: `Unexpected error, a bug in mlflow-care-label (please report it): ${detail}`
    };
}
/** MLflow's model registry refused or failed a registration (`errorCode` as MLflow names it). */
class RegistryError extends ActionError {
    errorCode;
    constructor(message, errorCode) {
        super(message);
        this.errorCode = errorCode;
    }
}

;// CONCATENATED MODULE: ./src/util/guards.ts
/**
 * The one toolkit for data read from outside (MLflow's REST API, GitHub's payloads, a bundle's
 * report.json, MLflow's output): values are checked into typed values once, never cast.
 *
 * Two kinds: lenient `opt*` getters for payloads where a missing or odd field is simply absent,
 * and strict `Reader`s (`str`, `num`, `list`, `shape`, …) for data that must be exactly right,
 * which throw a DataFormatError naming the field.
 */

function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function optString(obj, key) {
    const value = obj[key];
    return typeof value === 'string' ? value : undefined;
}
function optNumber(obj, key) {
    const value = obj[key];
    if (typeof value === 'number')
        return value;
    // MLflow's REST API sends int64 fields (timestamps, steps) as strings.
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
        return Number(value);
    }
    return undefined;
}
function optObject(obj, key) {
    const value = obj[key];
    return isObject(value) ? value : undefined;
}
function optArray(obj, key) {
    const value = obj[key];
    return Array.isArray(value) ? value : [];
}
function fail(where, what) {
    throw new errors_DataFormatError(`${where} ${what}`);
}
/** A string of at most `max` characters. */
const str = (max = 2000) => (v, where) => {
    if (typeof v !== 'string')
        fail(where, 'is not a string');
    if (v.length > max)
        fail(where, `is longer than ${max} characters`);
    return v;
};
/** A number, or the strings MLflow's JSON uses for NaN and the infinities. */
const num = (v, where) => {
    if (typeof v === 'number')
        return v;
    if (v === 'NaN')
        return Number.NaN;
    if (v === 'Infinity')
        return Number.POSITIVE_INFINITY;
    if (v === '-Infinity')
        return Number.NEGATIVE_INFINITY;
    return fail(where, 'is not a number');
};
/** A safe integer. */
const guards_int = (v, where) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
        fail(where, 'is not a whole number');
    return v;
};
const bool = (v, where) => {
    if (typeof v !== 'boolean')
        fail(where, 'is not true or false');
    return v;
};
/** One of the given strings. */
const oneOf = (...values) => (v, where) => {
    if (typeof v !== 'string' || !values.includes(v))
        fail(where, `is not one of ${values.join(', ')}`);
    return v;
};
/** A list of at most `max` items. */
const list = (item, max = 20000) => (v, where) => {
    if (!Array.isArray(v))
        fail(where, 'is not a list');
    if (v.length > max)
        fail(where, `has more than ${max} entries`);
    return v.map((x, i) => item(x, `${where}[${i}]`));
};
/** An object used as a map: at most `max` keys (of at most 2,000 characters each). */
const map = (value, max = 5000) => (v, where) => {
    const o = object(v, where);
    const keys = Object.keys(o);
    if (keys.length > max)
        fail(where, `has more than ${max} entries`);
    const out = {};
    for (const key of keys) {
        str()(key, `${where} key`);
        // defineProperty: a key such as "__proto__" stays a plain entry.
        Object.defineProperty(out, key, {
            value: value(o[key], `${where}.${key}`),
            enumerable: true,
            writable: true,
            configurable: true
        });
    }
    return out;
};
function object(v, where) {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
        fail(where, 'is not an object');
    return v;
}
/** Reads the fields of `shape`; an absent or null optional field stays absent. */
function shape(fields, optional = []) {
    return (v, where) => {
        const o = object(v, where);
        const out = {};
        for (const key of Object.keys(fields)) {
            const raw = o[key];
            if (raw === undefined || raw === null) {
                if (optional.includes(key))
                    continue;
                fail(`${where}.${String(key)}`, 'is missing');
            }
            out[key] = fields[key](raw, `${where}.${String(key)}`);
        }
        return out;
    };
}

;// CONCATENATED MODULE: ./src/adapters/github/context.ts

function readTriggeringRun(event) {
    const run = optObject(event, 'workflow_run');
    const id = run && optNumber(run, 'id');
    if (run === undefined || id === undefined)
        return undefined;
    const headRepo = optObject(run, 'head_repository');
    const owner = headRepo && optObject(headRepo, 'owner');
    const prs = Array.isArray(run['pull_requests']) ? run['pull_requests'] : [];
    return {
        id,
        event: optString(run, 'event') ?? '',
        conclusion: optString(run, 'conclusion'),
        headSha: optString(run, 'head_sha') ?? '',
        headBranch: optString(run, 'head_branch') ?? '',
        headOwner: owner && optString(owner, 'login'),
        pullRequests: prs.flatMap(pr => {
            const number = isObject(pr) ? optNumber(pr, 'number') : undefined;
            if (!isObject(pr) || number === undefined)
                return [];
            const base = optObject(pr, 'base');
            return [{ number, baseSha: base && optString(base, 'sha') }];
        })
    };
}
function isFork(head, base) {
    const name = (side) => {
        const repo = side && optObject(side, 'repo');
        return repo && optString(repo, 'full_name');
    };
    const headName = name(head);
    return headName !== undefined && headName !== name(base);
}
function readRunContext(env, payload) {
    const event = isObject(payload) ? payload : {};
    const pr = optObject(event, 'pull_request');
    const head = pr ? optObject(pr, 'head') : undefined;
    const base = pr ? optObject(pr, 'base') : undefined;
    const repoObj = optObject(event, 'repository');
    const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
    const serverUrl = env['GITHUB_SERVER_URL'] || 'https://github.com';
    const runId = env['GITHUB_RUN_ID'];
    const ref = env['GITHUB_REF'] ?? '';
    const sha = env['GITHUB_SHA'] ?? '';
    const number = pr ? optNumber(pr, 'number') : optNumber(event, 'number');
    return {
        eventName: env['GITHUB_EVENT_NAME'] ?? 'local',
        repository: owner && repo ? { owner, repo } : undefined,
        sha,
        headSha: (head && optString(head, 'sha')) || sha,
        ref,
        branch: env['GITHUB_HEAD_REF'] ||
            (head && optString(head, 'ref')) ||
            env['GITHUB_REF_NAME'] ||
            ref.replace(/^refs\/heads\//, ''),
        baseRef: env['GITHUB_BASE_REF'] || (base && optString(base, 'ref')) || undefined,
        baseSha: (base && optString(base, 'sha')) || undefined,
        pullRequest: pr ? number : undefined,
        defaultBranch: (repoObj && optString(repoObj, 'default_branch')) || undefined,
        workflow: env['GITHUB_WORKFLOW'] ?? '',
        job: env['GITHUB_JOB'] ?? '',
        runUrl: owner && repo && runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : undefined,
        serverUrl,
        apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
        runnerOs: env['RUNNER_OS'] || process.platform,
        runnerArch: env['RUNNER_ARCH'] || process.arch,
        runId: runId && /^\d+$/.test(runId) ? Number(runId) : undefined,
        runAttempt: Number(/^\d+$/.exec(env['GITHUB_RUN_ATTEMPT'] ?? '')?.[0] ?? 1),
        runnerName: env['RUNNER_NAME'] || undefined,
        workflowFile: /\/\.github\/workflows\/([^@/]+)@/.exec(env['GITHUB_WORKFLOW_REF'] ?? '')?.[1],
        fromFork: isFork(head, base),
        workflowRun: readTriggeringRun(event)
    };
}

;// CONCATENATED MODULE: ./src/core/render/escape.ts
/**
 * Escaping of untrusted text (metric names, params, tags, run names: written by code under
 * review) for GitHub-flavoured Markdown. Pure.
 *
 * The comment is read raw too (in e-mail, in the API, when it is quoted), so only what would
 * change its meaning is escaped, and `val_accuracy` or `3.12.3` stay as they are:
 * - `<`, `>` and `&` become entities, so no HTML starts (and no entity the text spells is decoded);
 * - the characters that open Markdown structure get a backslash: `\` `` ` `` `*` `~` `[` `]` `|`,
 *   and `_` where it could close emphasis (not before a letter or digit: `_private` stays, since
 *   an `_` with no closer opens nothing);
 * - `$` becomes `&#36;`: GitHub renders `$…$` as math, and a backslash does not stop that;
 * - a zero-width space (`&#8203;`) after each `@`, after a `#` before a digit, inside `://` and
 *   after `www`, because GitHub finds mentions, issue references and links in the decoded text,
 *   where no escape survives;
 * - bidi controls and zero-width characters are shown as escapes (`\u202e`), so the text can
 *   neither show itself in another order than it is written nor hide characters.
 */
/**
 * The bidi embedding, override and isolate controls, and the directional marks, as the body of a
 * character class: every renderer (and the terminal's summary) treats the same ones.
 */
const BIDI_CONTROLS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/** Characters that take no space: they could hide a difference between two names. */
const ZERO_WIDTH = '\\u200b-\\u200d\\u2060\\ufeff';
const INVISIBLE = new RegExp(`[${BIDI_CONTROLS}${ZERO_WIDTH}]`, 'g');
/** Each bidi control or zero-width character as a visible escape: U+202E → `\u202e`. */
function showInvisibles(text) {
    return text.replace(INVISIBLE, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const ZWSP = '&#8203;';
const ENTITY = { '<': '&lt;', '>': '&gt;', '&': '&amp;', $: '&#36;' };
/**
 * One pass over the text, so that nothing an escape writes is escaped again. The alternatives,
 * in order: entities, backslashed structure, an `_` that could close emphasis, mentions, issue references,
 * scheme separators, `www`.
 */
const SPECIAL = /([<>&$])|([\\`*~[\]|])|_(?![\p{L}\p{N}])|(@)|(#)(?=\d)|:(?=\/\/)|(?<![\p{L}\p{N}])(www)(?=\.)/giu;
function escapeOne(match, entity, structure) {
    if (entity !== undefined)
        return ENTITY[entity] ?? match;
    if (structure !== undefined || match === '_')
        return `\\${match}`;
    return `${match}${ZWSP}`;
}
/** Text on one line with no control characters (the report's lines are the renderer's own). */
function oneLine(text) {
    return (text
        .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
        // eslint-disable-next-line no-control-regex -- control characters are what is removed here
        .replace(/[\u0000-\u001f\u007f-\u009f]/g, ''));
}
/** `text` for inline Markdown (a table cell, a sentence), at most `maxLength` of its characters. */
function escapeMarkdown(text, maxLength = 256) {
    let value = oneLine(text);
    if (value.length > maxLength)
        value = `${value.slice(0, maxLength - 1)}…`;
    return showInvisibles(value.replace(SPECIAL, escapeOne));
}
/**
 * `text` for the start of a line (after `> `), where `#`, `-`, `+`, `=` or `1.` would start a
 * heading or a list: that first marker gets a backslash too.
 */
function escapeMarkdownLine(text, maxLength = 256) {
    const escaped = escapeMarkdown(text, maxLength).trimStart();
    return escaped.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}
/** Text for inside an HTML comment (the report marker): on one line, no '--', no '<' or '>'. */
function escapeComment(text) {
    return (text
        .replace(INVISIBLE, '')
        // eslint-disable-next-line no-control-regex -- control characters are what is removed here
        .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
        .replace(/-{2,}/g, '-')
        .replace(/[<>]/g, ''));
}

;// CONCATENATED MODULE: ./src/core/report/urls.ts
/**
 * The links of a report: which addresses may be written into a comment, an HTML page or an SVG,
 * and, for a bundle a pull request uploaded, whether each link points where it should. Pure.
 *
 * A bundle's report.json was written by code under review, and its links are written into a
 * comment posted with a write token: a link that is not a plain http(s) address, or that points
 * somewhere the report has no reason to point, is left out (with a note saying so).
 */

/**
 * What an address may not hold once serialised: whitespace, quotes, brackets, parentheses,
 * backslash, angle brackets, control and bidi characters. None has a place in a plain link, and
 * each could end a Markdown link destination or an HTML attribute, or disguise the address.
 */
const UNSAFE = new RegExp(`[\\s<>"'\`()[\\]\\\\\\u0000-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}]`, 'u');
/** Checks an address; when it is safe to link to, gives it as `new URL` serialises it. */
function checkUrl(value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return { ok: false, reason: 'it is not a URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return { ok: false, reason: `it is a ${url.protocol} address, not http: or https:` };
    }
    if (url.username !== '' || url.password !== '') {
        return { ok: false, reason: 'it holds a user name or password' };
    }
    const bad = UNSAFE.exec(url.href)?.[0];
    if (bad !== undefined) {
        const code = bad.codePointAt(0) ?? 0;
        return {
            ok: false,
            reason: `it holds a character a link cannot carry (U+${code.toString(16).toUpperCase().padStart(4, '0')})`
        };
    }
    return { ok: true, href: url.href };
}
/** The address as `new URL` serialises it, or undefined when it is not safe to link to. */
function safeUrl(value) {
    if (value === undefined)
        return undefined;
    const check = checkUrl(value);
    return check.ok ? check.href : undefined;
}
function linkOf(report, field) {
    switch (field) {
        case 'run.url':
            return report.run.url;
        case 'baseline.url':
            return report.baseline?.url;
        case 'context.workflowRunUrl':
            return report.context.workflowRunUrl;
        case 'artifactUrl':
            return report.artifactUrl;
    }
}
/** Sets or (undefined) deletes an optional property on a copy of `value`. */
function setLink(value, key, url) {
    const copy = { ...value };
    if (url === undefined)
        delete copy[key];
    else
        copy[key] = url;
    return copy;
}
/** A copy of the report with the link set (undefined: left out); the rest is shared. */
function withLink(report, field, url) {
    switch (field) {
        case 'run.url':
            return { ...report, run: setLink(report.run, 'url', url) };
        case 'baseline.url':
            return report.baseline === undefined
                ? report
                : { ...report, baseline: setLink(report.baseline, 'url', url) };
        case 'context.workflowRunUrl':
            return { ...report, context: setLink(report.context, 'workflowRunUrl', url) };
        case 'artifactUrl':
            return setLink(report, 'artifactUrl', url);
    }
}
const FIELDS = (/* unused pure expression or super */ null && (['run.url', 'baseline.url', 'context.workflowRunUrl', 'artifactUrl']));
/**
 * Applies `decide` to each link of the report: it gives the link to keep, or why the link is
 * left out. Each link left out adds a note to the report.
 */
function filterLinks(report, decide) {
    let out = report;
    const dropped = [];
    const notes = [];
    for (const field of FIELDS) {
        const value = linkOf(report, field);
        if (value === undefined)
            continue;
        const check = decide(field, value);
        if (check.ok) {
            if (check.href !== value)
                out = withLink(out, field, check.href);
            continue;
        }
        out = withLink(out, field, undefined);
        dropped.push(field);
        notes.push(`The link in ${field} was left out: ${check.reason}.`);
    }
    if (dropped.length === 0)
        return { report: out, dropped };
    return { report: { ...out, notes: [...out.notes, ...notes] }, dropped };
}
/** Leaves out every link of the report that is not a plain http(s) address (see checkUrl). */
function dropUnsafeLinks(report) {
    return filterLinks(report, (_field, value) => checkUrl(value));
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** The tracking server's address without credentials, query or fragment, or undefined. */
function trackingServerOf(uri) {
    const check = uri === undefined ? undefined : checkUrl(uri.replace(/\/\/[^/@]*@/, '//'));
    if (check === undefined || !check.ok)
        return undefined;
    const url = new URL(check.href);
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/'))
        url.pathname += '/';
    return url;
}
/** The MLflow UI page of a run, as RestTrackingStore.runUrl writes it. */
function mlflowRunFragment(run) {
    return `#/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.runId)}`;
}
/** Whether `url` is the run's page in the server's UI (MLflow's, or a Databricks workspace's). */
function isRunPage(url, server, run, databricks) {
    if (url.origin !== server.origin)
        return false;
    if (databricks) {
        return (url.hash === '' &&
            url.search === '' &&
            url.pathname === `${server.pathname}ml/${mlflowRunFragment(run).slice(2)}`);
    }
    return url.pathname.startsWith(server.pathname) && url.hash === mlflowRunFragment(run);
}
/**
 * Leaves out each link of a bundle's report that does not point where it should, given where the
 * publish stage knows the bundle came from:
 *
 * - `context.workflowRunUrl`: exactly the page of the workflow run that uploaded the bundle;
 * - `artifactUrl`: an artifact page of that workflow run (the publish stage sets its own anyway);
 * - `run.url`, `baseline.url`: an artifact page of this repository (a carried history store), or
 *   an MLflow UI page of that very run (`<base>#/experiments/<experiment id>/runs/<run id>`) on
 *   the tracking server the publish stage itself names (none named: no UI link is kept).
 *
 * Every link kept is also a plain http(s) address (checkUrl), in its serialised form. Each link
 * left out adds a note to the report.
 */
function sanitizeBundleLinks(report, origin) {
    const repoPage = `${origin.serverUrl.replace(/\/+$/, '')}/${origin.owner}/${origin.repo}`;
    const repoHref = safeUrl(repoPage);
    const where = `${origin.owner}/${origin.repo}`;
    const runHref = safeUrl(`${repoPage}/actions/runs/${origin.workflowRunId}`);
    const artifactPage = (runs) => repoHref === undefined
        ? undefined
        : new RegExp(`^${escapeRegExp(repoHref)}/actions/runs/${runs}/artifacts/\\d+$`);
    const anyArtifact = artifactPage('\\d+');
    const ownArtifact = artifactPage(String(origin.workflowRunId));
    const server = trackingServerOf(origin.trackingServer);
    return filterLinks(report, (field, value) => {
        const check = checkUrl(value);
        if (!check.ok)
            return check;
        const { href } = check;
        const refuse = (reason) => ({ ok: false, reason });
        switch (field) {
            case 'context.workflowRunUrl':
                return href === runHref
                    ? check
                    : refuse(`it is not the page of workflow run ${origin.workflowRunId} of ${where}`);
            case 'artifactUrl':
                return ownArtifact?.test(href) === true
                    ? check
                    : refuse(`it is not an artifact page of workflow run ${origin.workflowRunId} of ${where}`);
            case 'run.url':
            case 'baseline.url': {
                const run = field === 'run.url' ? report.run : report.baseline;
                if (anyArtifact?.test(href) === true)
                    return check;
                const url = new URL(href);
                if (run !== undefined &&
                    server !== undefined &&
                    isRunPage(url, server, run, origin.databricks === true)) {
                    return check;
                }
                return refuse(`it is neither an artifact page of ${where} nor the MLflow UI page of run ${run?.runId ?? ''} on the tracking server this stage names`);
            }
        }
    });
}

;// CONCATENATED MODULE: ./src/util/redact.ts
/** Removes credentials from URIs before they reach a log, a comment or a file. */
function redactUri(uri) {
    // Without `://`, URL would read `user:pass@host` (a DATABRICKS_HOST may name no scheme, as the
    // Databricks SDK allows) as a scheme and a path, and keep the password.
    if (!uri.includes('://'))
        return redactUserinfo(uri).replace(/^[^/@\s]*@/, '***@');
    try {
        const url = new URL(uri);
        if (url.username === '' && url.password === '')
            return uri;
        url.username = url.username === '' ? '' : '***';
        url.password = url.password === '' ? '' : '***';
        return url.toString();
    }
    catch {
        return redactUserinfo(uri);
    }
}
function redactUserinfo(text) {
    return text.replace(/\/\/[^/@\s]*@/, '//***@');
}
/**
 * Every URL in `text` (a message from MLflow, an error of the network) without its credentials,
 * and without its query, where a presigned URL keeps its signature.
 */
function redactText(text) {
    return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"<>()]+/gi, url => {
        const bare = redactUri(url);
        const query = bare.indexOf('?');
        return query < 0 ? bare : `${bare.slice(0, query)}?…`;
    });
}
/**
 * The variables that hold tracking credentials: MLflow's for a tracking server, and those the
 * Databricks SDK reads for a workspace (MLflow's client passes them on to `mlflow run`'s code).
 */
const SECRET_VARIABLES = [
    'MLFLOW_TRACKING_PASSWORD',
    'MLFLOW_TRACKING_TOKEN',
    'DATABRICKS_TOKEN',
    'DATABRICKS_PASSWORD',
    'DATABRICKS_CLIENT_SECRET'
];
/**
 * Each value a log must hide, whatever the tracking URI: the credentials in `env`, and the
 * password of the tracking URI and of DATABRICKS_HOST (as written and percent-decoded).
 */
function trackingSecrets(env, trackingUri) {
    const secrets = new Set();
    for (const name of SECRET_VARIABLES) {
        const value = env[name] ?? '';
        // A secret pasted with a line break: as given (what is sent) and without it (what is shown).
        for (const form of [value, value.trim()])
            if (form.trim() !== '')
                secrets.add(form);
    }
    const host = env['DATABRICKS_HOST']?.trim() ?? '';
    for (const uri of [trackingUri, host.includes('://') || host === '' ? host : `https://${host}`]) {
        let password;
        try {
            password = new URL(uri).password;
        }
        catch {
            continue; // not a URL: no password in it
        }
        if (password === '')
            continue;
        secrets.add(password);
        try {
            secrets.add(decodeURIComponent(password));
        }
        catch {
            // not percent-encoded as a URI writes it: the raw form is masked
        }
    }
    return [...secrets];
}

;// CONCATENATED MODULE: ./src/adapters/gitlab/context.ts
/**
 * Where a GitLab CI job's merge-request note goes, read from the job's predefined variables.
 * Pure: takes the environment, reads nothing at import time.
 */


/** The scope and role a token needs to write notes, said the same way in every message. */
const TOKEN_NEEDS = 'a project access token with the api scope and at least the Reporter role, stored as the masked CI/CD variable GITLAB_TOKEN';
function readGitLabJob(env) {
    const value = (name) => (env[name] ?? '').trim();
    const iid = value('CI_MERGE_REQUEST_IID');
    if (iid === '') {
        if (value('GITLAB_CI') !== 'true')
            return { kind: 'none' };
        return {
            kind: 'skip',
            level: 'info',
            message: 'Not a merge request pipeline (no CI_MERGE_REQUEST_IID): no merge request note. Run the job in merge request pipelines (rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event") to get one.'
        };
    }
    // The merge request's own project: in a pipeline of a fork's merge request that runs in the
    // parent project, CI_PROJECT_ID is the project running the pipeline, not the one with the MR.
    const projectIdVariable = value('CI_MERGE_REQUEST_PROJECT_ID') !== '' ? 'CI_MERGE_REQUEST_PROJECT_ID' : 'CI_PROJECT_ID';
    const projectId = value(projectIdVariable);
    const apiUrl = value('CI_API_V4_URL').replace(/\/+$/, '');
    const problem = targetProblem(iid, projectId, apiUrl);
    if (problem !== undefined)
        return skipWarning(`${problem}: no merge request note.`);
    const token = value('GITLAB_TOKEN');
    if (token === '') {
        return skipWarning(`No GITLAB_TOKEN: no merge request note (CI_JOB_TOKEN may not write notes). Add ${TOKEN_NEEDS}.`);
    }
    const projectUrl = (value('CI_MERGE_REQUEST_PROJECT_URL') || value('CI_PROJECT_URL')).replace(/\/+$/, '');
    const mergeRequestIid = Number(iid);
    return {
        kind: 'note',
        target: {
            apiUrl,
            projectId,
            projectIdVariable,
            mergeRequestIid,
            mergeRequestUrl: mergeRequestPage(projectUrl, mergeRequestIid),
            token,
            jobName: value('CI_JOB_NAME')
        }
    };
}
/**
 * The merge request's page, only when the project's URL is a plain http(s) address: the link is
 * written into the note and the log, where a password in it would be on show.
 */
function mergeRequestPage(projectUrl, iid) {
    return projectUrl === '' ? undefined : safeUrl(`${projectUrl}/-/merge_requests/${iid}`);
}
function skipWarning(message) {
    return { kind: 'skip', level: 'warning', message };
}
/** What is wrong with the variables that name the merge request, if anything. */
function targetProblem(iid, projectId, apiUrl) {
    if (!/^[1-9]\d{0,9}$/.test(iid)) {
        return `CI_MERGE_REQUEST_IID is '${iid}', not a merge request number`;
    }
    if (projectId === '')
        return 'Neither CI_MERGE_REQUEST_PROJECT_ID nor CI_PROJECT_ID is set';
    return apiUrlProblem(apiUrl);
}
/**
 * What is wrong with CI_API_V4_URL as the address every request (and the token) goes to, if
 * anything. Credentials in it are named but never shown: fetch refuses such an address, and its
 * error would print the password.
 */
function apiUrlProblem(apiUrl) {
    if (apiUrl === '')
        return 'CI_API_V4_URL is not set';
    if (holdsCredentials(apiUrl)) {
        return 'CI_API_V4_URL holds credentials (a user name or password, not shown here; GitLab takes the token in GITLAB_TOKEN, not in the address)';
    }
    const check = checkUrl(apiUrl);
    if (check.ok)
        return undefined;
    return `CI_API_V4_URL is '${redactUri(apiUrl)}', not a usable http(s) address (${check.reason})`;
}
/** A user name or password before the host, also in an address `new URL` cannot parse. */
function holdsCredentials(text) {
    try {
        const url = new URL(text);
        return url.username !== '' || url.password !== '';
    }
    catch {
        return /^[^/]*\/\/[^/]*@/.test(text);
    }
}

;// CONCATENATED MODULE: ./src/core/render/xml.ts
/**
 * Escaping of untrusted text for SVG and HTML, in text and in attribute values: on one line, cut
 * to `maxLength`, bidi and zero-width characters shown as escapes (after the cut, so that no
 * escape is cut in half). Pure.
 */

const ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;'
};
/** Text on one line without control characters, cut to `maxLength`, invisibles shown. */
function plainLine(text, maxLength = 256) {
    // eslint-disable-next-line no-control-regex -- control characters are what is removed here
    let value = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
    if (value.length > maxLength)
        value = `${value.slice(0, maxLength - 1)}…`;
    return showInvisibles(value);
}
function escapeXml(text, maxLength = 256) {
    return plainLine(text, maxLength).replace(/[&<>"']/g, ch => ENTITIES[ch] ?? ch);
}

;// CONCATENATED MODULE: ./src/core/render/format.ts
/** Numbers as the report shows them: six significant digits, exponents for the very large or small. */
function formatNumber(value) {
    if (Number.isNaN(value))
        return 'NaN';
    if (!Number.isFinite(value))
        return value > 0 ? '∞' : '-∞';
    if (value === 0)
        return '0';
    const abs = Math.abs(value);
    if (abs >= 1e6 || abs < 1e-4)
        return value.toExponential(3).replace(/\.?0+e/, 'e');
    return String(Number(value.toPrecision(6)));
}
/**
 * [low, high] around `values` with `share` of their span added on each side, so no line touches
 * a chart's frame; a single value gets ±10% (±1 at zero), so the range is never empty.
 */
function paddedRange(values, share) {
    const low = Math.min(...values);
    const high = Math.max(...values);
    if (low === high) {
        const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
        return [low - pad, high + pad];
    }
    const pad = (high - low) * share;
    return [low - pad, high + pad];
}

;// CONCATENATED MODULE: ./src/core/render/history-chart.ts


const CANDIDATE = { name: 'this run', colour: '#0969da' };
const BASELINE = { name: 'baseline', colour: '#8c959f' };
/** The size of the plot area in pixels (the axes and the legend come on top of it). */
const PLOT = { width: 640, height: 220 };
/** The steps' range; a single step gets one step either side, so its dot is not on an edge. */
function stepRange(steps) {
    const low = Math.min(...steps);
    const high = Math.max(...steps);
    return low === high ? [low - 1, high + 1] : [low, high];
}
function rows(points, series) {
    return points.map(p => ({ step: p.step, value: p.value, series: series.name }));
}
/**
 * The line of one series, and its dots: always for this run, for the baseline when it has a
 * single point. The baseline's line is wide and light, so that where this run's line runs on it
 * (no change) both stay visible: a blue line on a grey band.
 */
function seriesLayers(points, series) {
    const candidate = series === CANDIDATE;
    const data = { values: rows(points, series) };
    const layers = [];
    const name = candidate ? 'candidate' : 'baseline';
    if (points.length > 1)
        layers.push({
            name: `${name}_line`,
            data,
            mark: candidate
                ? { type: 'line', strokeWidth: 2.5 }
                : { type: 'line', strokeWidth: 7, strokeOpacity: 0.55, strokeCap: 'round' }
        });
    if (points.length === 1 || (candidate && points.length > 0)) {
        const single = points.length === 1;
        layers.push({
            name: `${name}_points`,
            data,
            mark: { type: 'point', filled: true, opacity: 1, size: single ? 260 : candidate ? 40 : 120 }
        });
    }
    return layers;
}
/**
 * The range of the baseline's runs, as a light grey area beneath both lines: the spread a
 * reader can hold this run against. Its colour is set, not a series, so the legend keeps the
 * baseline's line symbol (the report says what the band is).
 */
function bandLayers(band) {
    if (band.length < 2)
        return [];
    return [
        {
            name: 'baseline_band',
            data: { values: band },
            mark: { type: 'area', opacity: 0.22 },
            encoding: {
                y: { field: 'low', type: 'quantitative' },
                y2: { field: 'high' },
                color: { value: BASELINE.colour }
            }
        }
    ];
}
/** GitHub's greys for the frame, grid and text; the report's font. */
const CONFIG = {
    font: 'Helvetica, Arial, sans-serif',
    view: { stroke: '#d0d7de' },
    axis: {
        labelColor: '#57606a',
        labelFontSize: 11,
        titleColor: '#1f2328',
        titleFontSize: 12,
        titleFontWeight: 'normal',
        titleLimit: 200,
        gridColor: '#eaeef2',
        domainColor: '#8c959f',
        tickColor: '#8c959f',
        tickCount: 6
    },
    legend: {
        labelColor: '#1f2328',
        labelFontSize: 12,
        symbolStrokeWidth: 3,
        symbolSize: 160,
        columnPadding: 24
    }
};
/**
 * The chart of one history, or undefined when neither line has a finite point. The baseline's
 * layers come first, so they are drawn first and this run's cover them.
 */
function historyChartSpec(history) {
    const finite = (points = []) => points.filter(p => Number.isFinite(p.value) && Number.isFinite(p.step));
    const candidate = finite(history.candidate);
    const baseline = finite(history.baseline);
    const band = (history.baselineBand?.points ?? []).filter(p => Number.isFinite(p.step) && Number.isFinite(p.low) && Number.isFinite(p.high));
    if (candidate.length + baseline.length === 0)
        return undefined;
    const shown = [
        ...(candidate.length > 0 ? [CANDIDATE] : []),
        ...(baseline.length > 0 ? [BASELINE] : [])
    ];
    return {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: PLOT.width,
        height: PLOT.height,
        padding: 8,
        background: '#ffffff',
        config: CONFIG,
        encoding: {
            ...axes(plainLine(history.metric, 80), [...baseline, ...candidate], band),
            color: {
                field: 'series',
                type: 'nominal',
                scale: { domain: shown.map(s => s.name), range: shown.map(s => s.colour) },
                legend: { orient: 'bottom', direction: 'horizontal', title: null }
            }
        },
        layer: [
            ...bandLayers(band),
            ...seriesLayers(baseline, BASELINE),
            ...seriesLayers(candidate, CANDIDATE)
        ]
    };
}
/** Both axes, titled, over every point and the band, so that nothing leaves the plot. */
function axes(metric, points, band) {
    const integerSteps = points.every(p => Number.isInteger(p.step));
    return {
        x: {
            field: 'step',
            type: 'quantitative',
            title: 'step',
            scale: {
                domain: stepRange([...points.map(p => p.step), ...band.map(p => p.step)]),
                nice: false,
                zero: false,
                padding: 12
            },
            axis: integerSteps ? { tickMinStep: 1, format: 'd' } : {}
        },
        y: {
            field: 'value',
            type: 'quantitative',
            title: metric,
            scale: {
                domain: paddedRange([...points.map(p => p.value), ...band.flatMap(p => [p.low, p.high])], 0.08),
                nice: true,
                zero: false,
                padding: 12
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/adapters/vega-charts.ts


let libraries;
/**
 * Imports both libraries once, on first use, one after the other: they share modules
 * (vega-util and others), and Jest's module linker fails on two imports of them at once.
 */
function loadLibraries() {
    libraries ??= (async () => {
        const vega = await __webpack_require__.e(/* import() */ 972).then(__webpack_require__.bind(__webpack_require__, 33972));
        const vegaLite = await Promise.all(/* import() */[__webpack_require__.e(972), __webpack_require__.e(994)]).then(__webpack_require__.bind(__webpack_require__, 10994));
        return { vega, vegaLite };
    })();
    return libraries;
}
/** One Vega-Lite specification as an SVG document. */
async function renderVegaLiteSvg(spec) {
    const { vega, vegaLite } = await loadLibraries();
    const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
    try {
        return await view.toSVG();
    }
    finally {
        view.finalize();
    }
}
/** The charts of the HTML report, drawn with Vega. */
const vegaCharts = { draw: drawHistoryCharts };
/**
 * The chart of each history, by metric name. A chart that cannot be drawn says why instead:
 * charts are a nicety, and the report keeps each history's table either way.
 */
async function drawHistoryCharts(histories) {
    const charts = new Map();
    for (const history of histories) {
        const spec = historyChartSpec(history);
        if (spec === undefined)
            continue;
        try {
            charts.set(history.metric, { svg: await renderVegaLiteSvg(spec) });
        }
        catch (error) {
            charts.set(history.metric, { error: errorMessage(error) });
        }
    }
    return charts;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/adapters/mlflow/search/filter.ts


const TYPE_ALIASES = {
    metric: 'metric',
    metrics: 'metric',
    param: 'param',
    params: 'param',
    parameter: 'param',
    parameters: 'param',
    tag: 'tag',
    tags: 'tag',
    attribute: 'attribute',
    attributes: 'attribute',
    attr: 'attribute',
    run: 'attribute'
};
const STRING_ATTRIBUTES = new Set(['run_id', 'run_name', 'status', 'user_id', 'artifact_uri']);
/** Other names MLflow accepts for attributes. */
const ATTRIBUTE_ALIASES = {
    created: 'start_time',
    Created: 'start_time',
    'run name': 'run_name',
    'Run name': 'run_name',
    'Run Name': 'run_name'
};
const NUMERIC_ATTRIBUTES = new Set(['start_time', 'end_time']);
const NUMERIC_OPS = new Set(['=', '!=', '>', '>=', '<', '<=']);
const ENTITY_OPS = new Set(['=', '!=', 'LIKE', 'ILIKE']);
const STRING_ATTRIBUTE_OPS = new Set(['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN']);
function tokenize(input) {
    const tokens = [];
    let i = 0;
    while (i < input.length) {
        const ch = input.charAt(i);
        if (/\s/.test(ch)) {
            i++;
            continue;
        }
        const start = i;
        if (ch === "'" || ch === '"' || ch === '`') {
            // Like MLflow (sqlparse, then stripping the outer quotes), the text between the quotes is
            // kept as written: a backslash or a doubled quote does not end the string, and stays.
            let j = i + 1;
            for (;;) {
                if (j >= input.length) {
                    throw new SearchSyntaxError(`Unterminated ${ch} quote starting at position ${start + 1}.`);
                }
                const c = input.charAt(j);
                if (c === '\\' && ch !== '`') {
                    j += 2;
                }
                else if (c === ch && ch !== '`' && input.charAt(j + 1) === ch) {
                    j += 2;
                }
                else if (c === ch) {
                    break;
                }
                else {
                    j++;
                }
            }
            const text = input.slice(i + 1, j);
            tokens.push({
                kind: ch === '`' ? 'ident' : 'string',
                text: ch === '`' ? `\`${text}` : text,
                pos: start
            });
            i = j + 1;
            continue;
        }
        const op = /^(!=|>=|<=|=|>|<)/.exec(input.slice(i));
        if (op) {
            tokens.push({ kind: 'op', text: op[0], pos: start });
            i += op[0].length;
            continue;
        }
        if (ch === '(' || ch === ')' || ch === ',' || ch === '.') {
            tokens.push({ kind: 'punct', text: ch, pos: start });
            i++;
            continue;
        }
        const num = /^-?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)/.exec(input.slice(i));
        if (num && (tokens.length === 0 || tokens[tokens.length - 1]?.kind === 'op')) {
            tokens.push({ kind: 'number', text: num[0], pos: start });
            i += num[0].length;
            continue;
        }
        const word = /^[A-Za-z0-9_\-:/]+/.exec(input.slice(i));
        if (word) {
            tokens.push({ kind: 'ident', text: word[0], pos: start });
            i += word[0].length;
            continue;
        }
        throw new SearchSyntaxError(`Unexpected character '${ch}' at position ${start + 1}.`);
    }
    return tokens;
}
class Parser {
    tokens;
    source;
    i = 0;
    constructor(tokens, source) {
        this.tokens = tokens;
        this.source = source;
    }
    peek() {
        return this.tokens[this.i];
    }
    next(what) {
        const token = this.tokens[this.i++];
        if (token === undefined)
            throw new SearchSyntaxError(`Expected ${what} at the end of '${this.source}'.`);
        return token;
    }
    isWord(token, word) {
        return token?.kind === 'ident' && token.text.toUpperCase() === word;
    }
    done() {
        return this.i >= this.tokens.length;
    }
    /** `type.key`, where key may be backticked or a run of words and dots. */
    parseKey() {
        const first = this.next('a key such as metrics.accuracy');
        if (first.kind !== 'ident' || first.text.startsWith('`')) {
            throw new SearchSyntaxError(`Expected a key such as metrics.accuracy at position ${first.pos + 1}, found '${first.text}'.`);
        }
        const type = TYPE_ALIASES[first.text];
        const dot = this.next("'.' after the key type");
        if (type === undefined || dot.text !== '.') {
            throw new SearchSyntaxError(`Invalid key '${first.text}' at position ${first.pos + 1}: keys start with metrics., params., tags. or attributes.`);
        }
        const keyToken = this.next('a key name');
        let key;
        if (keyToken.kind === 'ident' && keyToken.text.startsWith('`')) {
            key = keyToken.text.slice(1);
        }
        else if (keyToken.kind === 'string' && keyToken.text !== '') {
            key = keyToken.text;
        }
        else if (keyToken.kind === 'ident') {
            key = keyToken.text;
            // Unquoted keys may contain dots (metrics.a.b): join words separated by '.'.
            while (this.peek()?.text === '.' && this.tokens[this.i + 1]?.kind === 'ident') {
                this.i++;
                key += `.${this.next('a key name').text}`;
            }
        }
        else {
            throw new SearchSyntaxError(`Expected a key name at position ${keyToken.pos + 1}.`);
        }
        if (type === 'attribute') {
            const name = ATTRIBUTE_ALIASES[key] ?? key;
            if (!STRING_ATTRIBUTES.has(name) && !NUMERIC_ATTRIBUTES.has(name)) {
                throw new SearchSyntaxError(`Invalid attribute key '${key}'. Valid keys are ${[...STRING_ATTRIBUTES, ...NUMERIC_ATTRIBUTES].sort().join(', ')}.`);
            }
            return { type, key: name };
        }
        return { type, key };
    }
    parseComparison() {
        const { type, key } = this.parseKey();
        const opToken = this.next('a comparison operator');
        let op = opToken.text.toUpperCase();
        if (op === 'NOT' && this.isWord(this.peek(), 'IN')) {
            this.i++;
            op = 'NOT IN';
        }
        else if (op === 'IS') {
            if (this.isWord(this.peek(), 'NOT')) {
                this.i++;
                op = 'IS NOT';
            }
            if (!this.isWord(this.next('NULL'), 'NULL')) {
                throw new SearchSyntaxError(`Expected NULL after ${op} at position ${opToken.pos + 1}.`);
            }
            if (type !== 'tag' && type !== 'param') {
                throw new SearchSyntaxError(`${op} NULL is only supported for tags and params.`);
            }
            return { type, key, op: `${op} NULL`, value: null };
        }
        const numeric = type === 'metric' || (type === 'attribute' && NUMERIC_ATTRIBUTES.has(key));
        const allowed = numeric ? NUMERIC_OPS : type === 'attribute' ? STRING_ATTRIBUTE_OPS : ENTITY_OPS;
        if (!allowed.has(op)) {
            throw new SearchSyntaxError(`Invalid comparator '${opToken.text}' for ${type} '${key}' at position ${opToken.pos + 1}; use one of ${[...allowed].join(', ')}.`);
        }
        if (op === 'IN' || op === 'NOT IN') {
            if (key !== 'run_id') {
                throw new SearchSyntaxError("Only ['run_id'] attributes support comparison with a list of quoted string values.");
            }
            if (this.next("'('").text !== '(')
                throw new SearchSyntaxError(`Expected '(' after ${op}.`);
            const values = [];
            for (;;) {
                const value = this.next('a quoted value');
                if (value.kind !== 'string') {
                    throw new SearchSyntaxError(`Expected a quoted value in ${op} list at position ${value.pos + 1}.`);
                }
                values.push(value.text);
                const sep = this.next("',' or ')'");
                if (sep.text === ')')
                    break;
                if (sep.text !== ',')
                    throw new SearchSyntaxError(`Expected ',' or ')' at position ${sep.pos + 1}.`);
            }
            return { type, key, op, value: values };
        }
        const value = this.next('a value');
        if (numeric) {
            if (value.kind !== 'number') {
                throw new SearchSyntaxError(`Expected a number for ${type} '${key}' at position ${value.pos + 1}, found '${value.text}'.`);
            }
            return { type, key, op, value: Number(value.text) };
        }
        if (value.kind !== 'string') {
            throw new SearchSyntaxError(`Expected a quoted string for ${type} '${key}' at position ${value.pos + 1}, found '${value.text}'.`);
        }
        return { type, key, op, value: value.text };
    }
    parseFilter() {
        const comparisons = [];
        if (this.done())
            return comparisons;
        for (;;) {
            comparisons.push(this.parseComparison());
            if (this.done())
                return comparisons;
            const joiner = this.next('AND');
            if (!this.isWord(joiner, 'AND')) {
                throw new SearchSyntaxError(`Expected AND at position ${joiner.pos + 1}, found '${joiner.text}' (only AND is supported).`);
            }
        }
    }
    parseOrder() {
        const { type, key } = this.parseKey();
        let ascending = true;
        const direction = this.peek();
        if (direction !== undefined) {
            const word = direction.text.toUpperCase();
            if (word !== 'ASC' && word !== 'DESC') {
                throw new SearchSyntaxError(`Expected ASC or DESC at position ${direction.pos + 1}.`);
            }
            ascending = word === 'ASC';
            this.i++;
        }
        if (!this.done())
            throw new SearchSyntaxError(`Unexpected text after order_by clause '${this.source}'.`);
        return { type, key, ascending };
    }
}
function parseFilter(filter) {
    return new Parser(tokenize(filter), filter).parseFilter();
}
function parseOrderBy(clause) {
    return new Parser(tokenize(clause), clause).parseOrder();
}
/** A run's value for a key, as the search sees it. */
function lookup(run, type, key) {
    switch (type) {
        case 'metric':
            return run.data.metrics[key];
        case 'param':
            return run.data.params[key];
        case 'tag':
            return run.data.tags[key];
        case 'attribute':
            switch (key) {
                case 'run_id':
                    return run.info.runId;
                case 'run_name':
                    return run.info.runName;
                case 'status':
                    return run.info.status;
                case 'user_id':
                    return run.data.tags['mlflow.user'] ?? '';
                case 'artifact_uri':
                    return run.info.artifactUri;
                case 'start_time':
                    return run.info.startTime;
                case 'end_time':
                    return run.info.endTime;
                default:
                    return undefined;
            }
    }
}
function likeToRegExp(pattern, caseInsensitive) {
    let source = '';
    for (const ch of pattern) {
        if (ch === '%')
            source += '.*';
        else if (ch === '_')
            source += '.';
        else
            source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${source}$`, caseInsensitive ? 'si' : 's');
}
function matchesComparison(run, comparison) {
    const actual = lookup(run, comparison.type, comparison.key);
    const { op, value } = comparison;
    if (op === 'IS NULL')
        return actual === undefined;
    if (op === 'IS NOT NULL')
        return actual !== undefined;
    if (actual === undefined)
        return false;
    if (typeof value === 'number') {
        const number = typeof actual === 'number' ? actual : Number(actual);
        switch (op) {
            case '=':
                return number === value;
            case '!=':
                return number !== value;
            case '>':
                return number > value;
            case '>=':
                return number >= value;
            case '<':
                return number < value;
            case '<=':
                return number <= value;
        }
        return false;
    }
    const text = String(actual);
    if (Array.isArray(value))
        return op === 'IN' ? value.includes(text) : !value.includes(text);
    if (value === null)
        return false;
    switch (op) {
        case '=':
            return text === value;
        case '!=':
            return text !== value;
        case 'LIKE':
            return likeToRegExp(value, false).test(text);
        case 'ILIKE':
            return likeToRegExp(value, true).test(text);
    }
    return false;
}
function matchesFilter(run, comparisons) {
    return comparisons.every(comparison => matchesComparison(run, comparison));
}
/**
 * Sorts runs as MLflow's SQL store does: the given clauses (missing values last, NaN after
 * numbers), then start_time descending unless ordered by it, then run id.
 */
function sortRuns(runs, clauses) {
    const all = [...clauses];
    if (!all.some(c => c.type === 'attribute' && c.key === 'start_time')) {
        all.push({ type: 'attribute', key: 'start_time', ascending: false });
    }
    const rank = (value) => value === undefined ? 2 : typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
    return [...runs].sort((a, b) => {
        for (const clause of all) {
            const va = lookup(a, clause.type, clause.key);
            const vb = lookup(b, clause.type, clause.key);
            const ra = rank(va);
            const rb = rank(vb);
            if (ra !== rb)
                return ra - rb;
            if (ra !== 0 || va === vb || va === undefined || vb === undefined)
                continue;
            const order = va < vb ? -1 : va > vb ? 1 : 0;
            if (order !== 0)
                return clause.ascending ? order : -order;
        }
        return a.info.runId < b.info.runId ? -1 : a.info.runId > b.info.runId ? 1 : 0;
    });
}

;// CONCATENATED MODULE: ./src/adapters/mlflow/search/request.ts
/** What both local stores do with a search request before searching: parse it, read the page. */



/** Parses the filter, order and page of a request; an invalid one is a StoreError. */
function parseSearchRequest(request) {
    try {
        return {
            comparisons: parseFilter(request.filter ?? ''),
            order: (request.orderBy ?? []).map(parseOrderBy),
            offset: decodePageToken(request.pageToken),
            max: request.maxResults ?? 1000
        };
    }
    catch (error) {
        if (error instanceof SearchSyntaxError) {
            throw new errors_StoreError(`Invalid MLflow search: ${error.message}`, { cause: error });
        }
        throw error;
    }
}
/** Page tokens in MLflow's own format: base64 of {"offset": n}. */
function encodePageToken(offset) {
    return Buffer.from(JSON.stringify({ offset })).toString('base64');
}
function decodePageToken(token) {
    if (!token)
        return 0;
    try {
        const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
        const offset = isObject(parsed) ? Number(parsed['offset']) : Number.NaN;
        if (Number.isInteger(offset) && offset >= 0)
            return offset;
    }
    catch {
        // fall through
    }
    throw new errors_StoreError(`Invalid page token '${token}'.`);
}

;// CONCATENATED MODULE: ./src/core/runs.ts
/** MLflow's tracking data as this project models it, independent of where it is stored. */
/** The latest point: max by step, then timestamp, then value (as MLflow's stores pick it). */
function latestPoint(points) {
    let best;
    for (const p of points) {
        if (best === undefined ||
            p.step > best.step ||
            (p.step === best.step &&
                (p.timestamp > best.timestamp || (p.timestamp === best.timestamp && p.value > best.value)))) {
            best = p;
        }
    }
    return best;
}
/** Each key's latest value among points of several keys. */
function latestValues(points) {
    const byKey = new Map();
    for (const point of points) {
        const list = byKey.get(point.key);
        if (list === undefined)
            byKey.set(point.key, [point]);
        else
            list.push(point);
    }
    const values = [];
    for (const [key, list] of byKey) {
        const latest = latestPoint(list);
        if (latest !== undefined)
            values.push([key, latest.value]);
    }
    // fromEntries: a metric named __proto__ stays a plain key.
    return Object.fromEntries(values);
}

;// CONCATENATED MODULE: ./src/adapters/mlflow/filestore/file-store.ts
/**
 * TrackingStore over MLflow's legacy FileStore (`./mlruns`, `file://` URIs): one directory per
 * experiment and run, `meta.yaml` files, one file per param and tag, one line per metric value.
 * Read directly; search filters and orders in code with MLflow's search semantics, reading only
 * what the search needs (run metadata, then the params, tags and metrics it names).
 */









/** RunStatus as the FileStore writes it (MLflow's protobuf enum). */
const STATUS = {
    1: 'RUNNING',
    2: 'SCHEDULED',
    3: 'FINISHED',
    4: 'FAILED',
    5: 'KILLED'
};
/** LoggedModelStatus as the FileStore writes it (MLflow's protobuf enum). */
const LOGGED_MODEL_STATUS = {
    0: 'UNSPECIFIED',
    1: 'PENDING',
    2: 'READY',
    3: 'FAILED'
};
/** The root directory of a `file:` URI or a plain path. */
function fileStoreRoot(uri) {
    return uri.startsWith('file:') ? fileURLToPath(uri) : path.resolve(uri);
}
/**
 * Parses one metric line as MLflow's FileStore does: `timestamp value [step]`, or five fields
 * with a dataset name and digest (whose step MLflow reads as 0). Values are Python's float text
 * (`nan`, `inf`, `-inf`).
 */
function parseMetricLine(line) {
    const parts = line.trim().split(' ');
    if (parts.length !== 2 && parts.length !== 3 && parts.length !== 5)
        return undefined;
    const [timestamp = '', value = '', step = '0'] = parts;
    return {
        timestamp: Number(timestamp),
        value: parsePythonFloat(value),
        step: parts.length === 3 ? Number(step) : 0
    };
}
function parsePythonFloat(text) {
    const t = text.trim().toLowerCase();
    if (t === 'nan')
        return Number.NaN;
    if (t === 'inf' || t === 'infinity')
        return Number.POSITIVE_INFINITY;
    if (t === '-inf' || t === '-infinity')
        return Number.NEGATIVE_INFINITY;
    return Number(t);
}
/**
 * A logged model's metric file: `timestamp value step run_id`, with a dataset name and digest
 * after them when the metric was logged on a dataset.
 */
function readModelMetricFile(file) {
    const points = [];
    for (const line of (0,external_node_fs_.readFileSync)(file, 'utf8').split('\n')) {
        if (line.trim() === '')
            continue;
        const parts = line.trim().split(' ');
        if (parts.length !== 4 && parts.length !== 6) {
            throw new errors_StoreError(`Malformed metric line in ${file}: '${line}'.`);
        }
        const [timestamp = '', value = '', step = ''] = parts;
        points.push({
            timestamp: Number(timestamp),
            value: parsePythonFloat(value),
            step: Number(step)
        });
    }
    return points;
}
/**
 * Reads a meta.yaml. MLflow writes flat `key: value` lines; those are read directly (a run's
 * meta.yaml is read for every run a search looks at), anything else with the YAML parser.
 */
function parseMetaYaml(text) {
    const out = {};
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        const match = /^([A-Za-z_]+): ?(.*)$/.exec(line);
        const raw = match?.[2];
        if (!match?.[1] ||
            raw === undefined ||
            /^[[{|>&*!"]/.test(raw) ||
            raw.startsWith("'") !== raw.endsWith("'")) {
            return parseFull(text);
        }
        if (raw === '' || raw === 'null' || raw === '~')
            out[match[1]] = null;
        else if (raw.startsWith("'") && raw.length >= 2)
            out[match[1]] = raw.slice(1, -1).replace(/''/g, "'");
        else if (/^-?\d+$/.test(raw))
            out[match[1]] = Number(raw);
        else if (raw === '[]')
            out[match[1]] = [];
        else
            out[match[1]] = raw;
    }
    return out;
}
function parseFull(text) {
    try {
        const value = (0,dist/* parse */.qg)(text);
        return isObject(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function readYaml(file) {
    try {
        return parseMetaYaml((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return undefined;
    }
}
/** Files under a directory, as keys with '/' for nested directories (keys may contain '/'). */
function listKeys(dir, prefix = '') {
    if (!(0,external_node_fs_.existsSync)(dir))
        return [];
    const keys = [];
    for (const entry of (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })) {
        const key = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory())
            keys.push(...listKeys(external_node_path_default().join(dir, entry.name), key));
        else
            keys.push(key);
    }
    return keys;
}
class FileTrackingStore {
    root;
    description;
    constructor(root) {
        this.root = root;
        this.description = `local MLflow file store ${root}`;
        if (!(0,external_node_fs_.existsSync)(root))
            throw new errors_StoreError(`The MLflow file store ${root} does not exist.`);
    }
    experimentDirs(includeTrash) {
        const dirs = (0,external_node_fs_.readdirSync)(this.root, { withFileTypes: true })
            .filter(e => e.isDirectory() &&
            e.name !== '.trash' &&
            (0,external_node_fs_.existsSync)(external_node_path_default().join(this.root, e.name, 'meta.yaml')))
            .map(e => external_node_path_default().join(this.root, e.name));
        const trash = external_node_path_default().join(this.root, '.trash');
        if (includeTrash && (0,external_node_fs_.existsSync)(trash)) {
            for (const e of (0,external_node_fs_.readdirSync)(trash, { withFileTypes: true })) {
                if (e.isDirectory() && (0,external_node_fs_.existsSync)(external_node_path_default().join(trash, e.name, 'meta.yaml')))
                    dirs.push(external_node_path_default().join(trash, e.name));
            }
        }
        return dirs;
    }
    readExperiment(dir) {
        const meta = readYaml(external_node_path_default().join(dir, 'meta.yaml'));
        if (meta === undefined)
            return undefined;
        const id = meta['experiment_id'];
        const name = optString(meta, 'name');
        if (name === undefined || (typeof id !== 'string' && typeof id !== 'number'))
            return undefined;
        return {
            experimentId: String(id),
            name,
            artifactLocation: optString(meta, 'artifact_location'),
            lifecycleStage: optString(meta, 'lifecycle_stage') ?? 'active'
        };
    }
    async getExperimentByName(name) {
        for (const dir of this.experimentDirs(false)) {
            const experiment = this.readExperiment(dir);
            if (experiment?.name === name && experiment.lifecycleStage === 'active')
                return experiment;
        }
        return undefined;
    }
    async getExperiment(experimentId) {
        for (const dir of this.experimentDirs(true)) {
            if (external_node_path_default().basename(dir) === experimentId)
                return this.readExperiment(dir);
        }
        return undefined;
    }
    /**
     * The experiment's runs, read one at a time: a search keeps only the runs it matches, so the
     * others die young (holding them all made V8 grow its young generation, and the peak memory,
     * at 10,000 runs).
     */
    *runDirs(experimentId) {
        const expDir = this.experimentDirs(true).find(dir => external_node_path_default().basename(dir) === experimentId);
        if (expDir === undefined)
            return;
        for (const name of (0,external_node_fs_.readdirSync)(expDir)) {
            const dir = external_node_path_default().join(expDir, name);
            const info = this.readRunInfo(dir, experimentId);
            if (info !== undefined)
                yield { dir, info };
        }
    }
    readRunInfo(dir, experimentId) {
        const meta = readYaml(external_node_path_default().join(dir, 'meta.yaml'));
        if (meta === undefined)
            return undefined;
        const runId = optString(meta, 'run_id') ?? optString(meta, 'run_uuid');
        if (runId === undefined)
            return undefined;
        const status = meta['status'];
        return {
            runId,
            runName: optString(meta, 'run_name') ?? '',
            experimentId: String(meta['experiment_id'] ?? experimentId),
            status: typeof status === 'number' ? (STATUS[status] ?? String(status)) : String(status ?? ''),
            startTime: optNumber(meta, 'start_time') ?? 0,
            endTime: optNumber(meta, 'end_time'),
            artifactUri: optString(meta, 'artifact_uri'),
            lifecycleStage: optString(meta, 'lifecycle_stage') ?? 'active'
        };
    }
    readValues(dir, keys) {
        const out = {};
        for (const key of keys ?? listKeys(dir)) {
            const file = external_node_path_default().join(dir, key);
            if ((0,external_node_fs_.existsSync)(file))
                out[key] = (0,external_node_fs_.readFileSync)(file, 'utf8');
        }
        return out;
    }
    readMetrics(dir, keys) {
        const out = {};
        for (const key of keys ?? listKeys(dir)) {
            const points = this.readHistoryFile(external_node_path_default().join(dir, key));
            const latest = points === undefined ? undefined : latestPoint(points);
            if (latest !== undefined)
                out[key] = latest.value;
        }
        return out;
    }
    readHistoryFile(file) {
        if (!(0,external_node_fs_.existsSync)(file))
            return undefined;
        const points = [];
        for (const line of (0,external_node_fs_.readFileSync)(file, 'utf8').split('\n')) {
            if (line.trim() === '')
                continue;
            const point = parseMetricLine(line);
            if (point === undefined)
                throw new errors_StoreError(`Malformed metric line in ${file}: '${line}'.`);
            points.push(point);
        }
        return points;
    }
    loadRun(run) {
        return {
            info: run.info,
            data: {
                metrics: this.readMetrics(external_node_path_default().join(run.dir, 'metrics')),
                params: this.readValues(external_node_path_default().join(run.dir, 'params')),
                tags: this.readValues(external_node_path_default().join(run.dir, 'tags'))
            }
        };
    }
    async searchRuns(request) {
        const { comparisons, order, offset, max } = parseSearchRequest(request);
        // Read only the params, tags and metrics the search names; the page's runs are read whole.
        const named = (type) => new Set([...comparisons, ...order].filter(c => c.type === type).map(c => c.key));
        const params = named('param');
        const tags = named('tag');
        const metrics = named('metric');
        // Judge each run as it is read, cheapest first (meta.yaml, then the tags, params and
        // metrics the search names), and keep only the runs that match.
        const stages = ['attribute', 'tag', 'param', 'metric'].map(type => comparisons.filter(c => c.type === type));
        const passes = (run, stage) => (stages[stage] ?? []).every(c => matchesComparison(run, c));
        const dirs = new Map();
        let found = [];
        let matched = 0;
        // Only the first offset + max runs of the order can be on the page: keep those as the search
        // goes (a stable sort keeps ties in reading order, as sorting all of them at the end would).
        const keep = offset + max;
        const trim = () => {
            found = sortRuns(found, order).slice(0, keep);
            const kept = new Set(found.map(r => r.info.runId));
            for (const id of dirs.keys())
                if (!kept.has(id))
                    dirs.delete(id);
        };
        for (const experimentId of request.experimentIds) {
            for (const runDir of this.runDirs(experimentId)) {
                if (runDir.info.lifecycleStage !== 'active')
                    continue;
                const run = { info: runDir.info, data: { params: {}, tags: {}, metrics: {} } };
                if (!passes(run, 0))
                    continue;
                run.data.tags = this.readValues(external_node_path_default().join(runDir.dir, 'tags'), tags);
                if (!passes(run, 1))
                    continue;
                run.data.params = this.readValues(external_node_path_default().join(runDir.dir, 'params'), params);
                if (!passes(run, 2))
                    continue;
                run.data.metrics = this.readMetrics(external_node_path_default().join(runDir.dir, 'metrics'), metrics);
                if (!passes(run, 3))
                    continue;
                dirs.set(run.info.runId, runDir);
                found.push(run);
                matched++;
                if (found.length >= 2 * keep + 256)
                    trim();
            }
        }
        trim();
        const page = found.slice(offset, offset + max).flatMap(r => {
            const dir = dirs.get(r.info.runId);
            return dir ? [this.loadRun(dir)] : [];
        });
        return offset + max < matched
            ? {
                runs: page,
                nextPageToken: encodePageToken(offset + max)
            }
            : { runs: page };
    }
    findRun(runId) {
        for (const expDir of this.experimentDirs(true)) {
            const dir = external_node_path_default().join(expDir, runId);
            if ((0,external_node_fs_.existsSync)(external_node_path_default().join(dir, 'meta.yaml'))) {
                const info = this.readRunInfo(dir, external_node_path_default().basename(expDir));
                if (info !== undefined)
                    return { dir, info };
            }
        }
        return undefined;
    }
    async getRun(runId) {
        const run = this.findRun(runId);
        if (run === undefined)
            throw new errors_StoreError(`Run '${runId}' not found in ${this.description}.`);
        return this.loadRun(run);
    }
    async getMetricHistory(runId, key) {
        const run = this.findRun(runId);
        if (run === undefined)
            throw new errors_StoreError(`Run '${runId}' not found in ${this.description}.`);
        return this.readHistoryFile(external_node_path_default().join(run.dir, 'metrics', key)) ?? [];
    }
    async setTags(runId, tags) {
        const run = this.findRun(runId);
        if (run === undefined)
            throw new errors_StoreError(`Run '${runId}' not found in ${this.description}.`);
        for (const [key, value] of Object.entries(tags)) {
            const file = external_node_path_default().join(run.dir, 'tags', key);
            if (external_node_path_default().relative(external_node_path_default().join(run.dir, 'tags'), file).startsWith('..')) {
                throw new errors_StoreError(`Invalid tag key '${key}'.`);
            }
            try {
                (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(file), { recursive: true });
                (0,external_node_fs_.writeFileSync)(file, value);
            }
            catch (error) {
                throw new errors_StoreError(`Cannot write tag '${key}' of run ${runId}: ${errorMessage(error)}`, {
                    cause: error
                });
            }
        }
    }
    async getModelVersion(name, alias) {
        throw new errors_StoreError(`models:/${name}@${alias}: the model registry of a legacy FileStore (./mlruns) is not read by this action. Use a tracking server, or an SQLite store (sqlite:///mlflow.db), for baseline.model.`);
    }
    async loggedModels(experimentId, runId) {
        const expDir = this.experimentDirs(false).find(dir => external_node_path_default().basename(dir) === experimentId);
        const modelsDir = expDir === undefined ? undefined : external_node_path_default().join(expDir, 'models');
        if (modelsDir === undefined || !(0,external_node_fs_.existsSync)(modelsDir))
            return [];
        const models = [];
        for (const name of (0,external_node_fs_.readdirSync)(modelsDir)) {
            const dir = external_node_path_default().join(modelsDir, name);
            const meta = readYaml(external_node_path_default().join(dir, 'meta.yaml'));
            if (meta === undefined || optString(meta, 'source_run_id') !== runId)
                continue;
            if ((optString(meta, 'lifecycle_stage') ?? 'active') !== 'active')
                continue;
            const points = listKeys(external_node_path_default().join(dir, 'metrics')).flatMap(key => readModelMetricFile(external_node_path_default().join(dir, 'metrics', key)).map(p => ({ ...p, key })));
            models.push({
                modelId: optString(meta, 'model_id') ?? name,
                name: optString(meta, 'name') ?? '',
                experimentId,
                sourceRunId: runId,
                status: LOGGED_MODEL_STATUS[optNumber(meta, 'status') ?? 0] ?? 'UNSPECIFIED',
                creationTime: optNumber(meta, 'creation_timestamp') ?? 0,
                metrics: latestValues(points)
            });
        }
        return models;
    }
    runUrl() {
        return undefined;
    }
    async close() { }
}

;// CONCATENATED MODULE: ./src/util/retry.ts
/**
 * One retry loop for every network client: exponential backoff with jitter, bounded in attempts,
 * in the length of one wait and in total time, with a callback before each wait so that a retry
 * is never silent. What is transient, and how long a server asks to wait, is the caller's
 * `decide`; the clock is injected so that tests take no time.
 */

const realClock = {
    now: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: () => Math.random()
};
/** Runs `attempt` (given its 1-based number) until it succeeds or the policy says stop. */
async function retry(attempt, options) {
    const { policy } = options;
    const clock = options.clock ?? realClock;
    const maxAttempts = policy.maxRetries + 1;
    const started = clock.now();
    for (let n = 1;; n++) {
        try {
            return await attempt(n);
        }
        catch (error) {
            const backoffMs = backoffDelayMs(policy, n, clock.random());
            const waitMs = options.decide(error, { attempt: n, backoffMs, now: clock.now() });
            if (waitMs === undefined)
                throw error;
            const elapsedMs = clock.now() - started;
            if (n >= maxAttempts || waitMs > policy.maxWaitMs || elapsedMs + waitMs > policy.maxTotalMs) {
                throw options.giveUp ? options.giveUp(error, { attempts: n, elapsedMs }) : error;
            }
            const reason = options.describe?.(error) ?? errorMessage(error);
            options.onRetry?.({ attempt: n + 1, maxAttempts, waitMs, reason });
            await clock.sleep(waitMs);
        }
    }
}
/** The policy's wait before retry number `retry` (1-based), in milliseconds. */
function backoffDelayMs(policy, retry, random) {
    return Math.round(policy.baseDelayMs * 2 ** (retry - 1) + random * policy.jitterMs);
}
/** `<subject>: <reason>; retrying (attempt 2 of 6) in 1.4 s`, for a log line. */
function retryMessage(subject, event) {
    return `${subject}: ${event.reason}; retrying (attempt ${event.attempt} of ${event.maxAttempts}) in ${formatWait(event.waitMs)}`;
}
/** A wait in seconds, as precise as its size deserves: `0.05 s`, `1.4 s`, `30 s`. */
function formatWait(ms) {
    const seconds = ms / 1000;
    const digits = seconds >= 10 ? 0 : seconds >= 1 ? 1 : 2;
    return `${Number(seconds.toFixed(digits))} s`;
}
/**
 * Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined for a missing or malformed header.
 */
function parseRetryAfterMs(header, now) {
    if (header === undefined || header.trim() === '')
        return undefined;
    const seconds = Number(header);
    if (Number.isFinite(seconds))
        return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
;// CONCATENATED MODULE: ./src/adapters/mlflow/http.ts
/** One HTTP request with node:http(s): a per-request timeout and optional insecure TLS. */


function sendHttp(request) {
    const transport = request.url.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
    return new Promise((resolve, reject) => {
        const req = transport.request(request.url, {
            method: request.method,
            headers: request.headers,
            timeout: request.timeoutMs,
            ...(request.url.protocol === 'https:' ? { rejectUnauthorized: !request.insecureTls } : {})
        }, res => {
            const chunks = [];
            res.on('data', (chunk) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString('utf8')
            }));
        });
        req.on('timeout', () => req.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
        req.on('error', reject);
        if (request.body !== undefined)
            req.write(request.body);
        req.end();
    });
}

;// CONCATENATED MODULE: ./src/adapters/mlflow/rest-json.ts
/** Checks MLflow REST API 2.0 JSON into this project's types. Pure. */


/** MLflow sends NaN and infinities as the strings "NaN", "Infinity" and "-Infinity". */
function parseMetricValue(value) {
    if (typeof value === 'number')
        return value;
    if (typeof value === 'string') {
        if (value === 'NaN')
            return Number.NaN;
        if (value === 'Infinity')
            return Number.POSITIVE_INFINITY;
        if (value === '-Infinity')
            return Number.NEGATIVE_INFINITY;
        const parsed = Number(value);
        if (value.trim() !== '' && !Number.isNaN(parsed))
            return parsed;
    }
    return Number.NaN;
}
function parseExperiment(json) {
    if (!isObject(json))
        return undefined;
    const experimentId = optString(json, 'experiment_id');
    const name = optString(json, 'name');
    if (experimentId === undefined || name === undefined)
        return undefined;
    return {
        experimentId,
        name,
        artifactLocation: optString(json, 'artifact_location'),
        lifecycleStage: optString(json, 'lifecycle_stage') ?? 'active'
    };
}
function parseKeyValues(items) {
    const out = {};
    for (const item of items) {
        if (!isObject(item))
            continue;
        const key = optString(item, 'key');
        if (key === undefined)
            continue;
        out[key] = optString(item, 'value') ?? '';
    }
    return out;
}
function parseMetricPoint(item) {
    if (!isObject(item))
        return undefined;
    const key = optString(item, 'key');
    if (key === undefined)
        return undefined;
    return {
        key,
        value: parseMetricValue(item['value']),
        timestamp: optNumber(item, 'timestamp') ?? 0,
        step: optNumber(item, 'step') ?? 0
    };
}
/** Parses `{info, data}` of a run; undefined when the shape is not a run. */
function parseRun(json) {
    if (!isObject(json))
        return undefined;
    const info = optObject(json, 'info');
    if (info === undefined)
        return undefined;
    const runId = optString(info, 'run_id') ?? optString(info, 'run_uuid');
    const experimentId = optString(info, 'experiment_id');
    if (runId === undefined || experimentId === undefined)
        return undefined;
    const data = optObject(json, 'data') ?? {};
    const metrics = {};
    for (const item of optArray(data, 'metrics')) {
        const point = parseMetricPoint(item);
        if (point !== undefined)
            metrics[point.key] = point.value;
    }
    const tags = parseKeyValues(optArray(data, 'tags'));
    return {
        info: {
            runId,
            runName: optString(info, 'run_name') ?? tags['mlflow.runName'] ?? '',
            experimentId,
            status: optString(info, 'status') ?? 'UNKNOWN',
            startTime: optNumber(info, 'start_time') ?? 0,
            endTime: optNumber(info, 'end_time'),
            artifactUri: optString(info, 'artifact_uri'),
            lifecycleStage: optString(info, 'lifecycle_stage') ?? 'active'
        },
        data: { metrics, params: parseKeyValues(optArray(data, 'params')), tags }
    };
}
/**
 * Parses a logged model (`{info, data}` of `logged-models/search`); its status loses the
 * `LOGGED_MODEL_` of the protobuf enum. Undefined when the shape is not a logged model.
 */
function parseLoggedModel(json) {
    if (!isObject(json))
        return undefined;
    const info = optObject(json, 'info');
    const modelId = info === undefined ? undefined : optString(info, 'model_id');
    if (info === undefined || modelId === undefined)
        return undefined;
    const points = optArray(optObject(json, 'data') ?? {}, 'metrics').flatMap(item => parseMetricPoint(item) ?? []);
    return {
        modelId,
        name: optString(info, 'name') ?? '',
        experimentId: optString(info, 'experiment_id') ?? '',
        sourceRunId: optString(info, 'source_run_id') || undefined,
        status: (optString(info, 'status') ?? 'UNSPECIFIED').replace(/^LOGGED_MODEL_/, ''),
        creationTime: optNumber(info, 'creation_timestamp_ms') ?? 0,
        metrics: latestValues(points)
    };
}

;// CONCATENATED MODULE: ./src/adapters/mlflow/rest-store.ts
/**
 * TrackingStore over MLflow's REST API 2.0 (`mlflow server`, Databricks, Azure ML and other hosts
 * of the same API). Retries transient failures the way MLflow's Python client does.
 */






/** Status codes MLflow's Python client retries (`mlflow.utils.request_utils`). */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/**
 * Reads the REST store's options from MLflow's own environment variables, for a tracking server's
 * URI or a parsed location. A Databricks workspace is reached as MLflow's client reaches it for
 * `databricks`: at its host, with DATABRICKS_TOKEN; MLflow's tracking credentials are a tracking
 * server's, and are not sent there.
 */
function restOptionsFromEnv(server, env) {
    const databricks = typeof server === 'string' ? undefined : server.databricks;
    const number = (name, fallback) => {
        const raw = env[name];
        const value = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
        return Number.isFinite(value) && value >= 0 ? value : fallback;
    };
    const maxRetries = Math.floor(number('MLFLOW_HTTP_REQUEST_MAX_RETRIES', 5));
    const timeoutSeconds = number('MLFLOW_HTTP_REQUEST_TIMEOUT', 30);
    const maxTotalMs = number('MLFLOW_CARE_LABEL_MAX_RETRY_SECONDS', 120) * 1000;
    return {
        trackingUri: databricks?.host ?? (typeof server === 'string' ? server : server.uri),
        credentials: databricks
            ? { token: env['DATABRICKS_TOKEN']?.trim() || undefined }
            : {
                username: env['MLFLOW_TRACKING_USERNAME'] || undefined,
                password: env['MLFLOW_TRACKING_PASSWORD'] || undefined,
                token: env['MLFLOW_TRACKING_TOKEN'] || undefined
            },
        ...(databricks ? { databricks: true } : {}),
        insecureTls: /^(true|1)$/i.test(env['MLFLOW_TRACKING_INSECURE_TLS'] ?? ''),
        requestTimeoutMs: timeoutSeconds * 1000,
        retry: {
            maxRetries,
            // MLflow's backoff factor and jitter are in seconds: the n-th retry waits
            // factor * 2^(n-1) s plus up to `jitter` s, or longer if the server's Retry-After says so.
            baseDelayMs: number('MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', 1) * 1000,
            jitterMs: number('MLFLOW_HTTP_REQUEST_BACKOFF_JITTER', 1) * 1000,
            // No bound on one wait but the bound on them all.
            maxWaitMs: maxTotalMs,
            maxTotalMs
        }
    };
}
class RestTrackingStore {
    options;
    description;
    base;
    headers;
    clock;
    send;
    constructor(options) {
        this.options = options;
        const url = new URL(options.trackingUri);
        const headers = {
            'user-agent': 'mlflow-care-label',
            accept: 'application/json'
        };
        const username = options.credentials.username ?? decodeURIComponent(url.username);
        const password = options.credentials.password ?? decodeURIComponent(url.password);
        if (options.credentials.token) {
            headers['authorization'] = `Bearer ${options.credentials.token}`;
        }
        else if (username !== '' || password !== '') {
            headers['authorization'] =
                `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
        }
        url.username = '';
        url.password = '';
        if (!url.pathname.endsWith('/'))
            url.pathname += '/';
        this.base = url;
        this.headers = headers;
        this.description = `${options.databricks ? 'Databricks workspace' : 'MLflow tracking server'} ${redactUri(options.trackingUri)}`;
        this.clock = options.clock ?? realClock;
        this.send = options.send ?? sendHttp;
    }
    /**
     * The MLflow UI address of a run (no credentials in it). A Databricks workspace shows runs at
     * `<host>/ml/experiments/<id>/runs/<id>`: the link MLflow 3's client prints for a run it logs
     * there (`TrackingServiceClient._log_url` in mlflow/tracking/_tracking_service/client.py), where
     * `mlflow server`'s single-page UI takes `#/experiments/…`.
     */
    runUrl(experimentId, runId) {
        const run = `experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
        return `${this.base.toString()}${this.options.databricks ? 'ml/' : '#/'}${run}`;
    }
    getExperimentByName(name) {
        return this.experiment('experiments/get-by-name', { experiment_name: name });
    }
    getExperiment(experimentId) {
        return this.experiment('experiments/get', { experiment_id: experimentId });
    }
    /** An experiment from one of the two endpoints; undefined when the server has none such. */
    async experiment(endpoint, query) {
        try {
            const json = await this.call('GET', endpoint, query);
            return parseExperiment(isObject(json) ? json['experiment'] : undefined);
        }
        catch (error) {
            if (error instanceof MlflowApiError &&
                error.details.errorCode === 'RESOURCE_DOES_NOT_EXIST') {
                return undefined;
            }
            throw error;
        }
    }
    async getModelVersion(name, alias) {
        let json;
        try {
            json = await this.call('GET', 'registered-models/alias', { name, alias });
        }
        catch (error) {
            // MLflow answers an unknown model with RESOURCE_DOES_NOT_EXIST, and an alias that no
            // version has with INVALID_PARAMETER_VALUE "Registered model alias … not found".
            const code = error instanceof MlflowApiError ? error.details.errorCode : undefined;
            if (code === 'RESOURCE_DOES_NOT_EXIST')
                return undefined;
            if (code === 'INVALID_PARAMETER_VALUE' && /alias .* not found/i.test(errorMessage(error))) {
                return undefined;
            }
            throw error;
        }
        const version = isObject(json) ? json['model_version'] : undefined;
        if (!isObject(version))
            return undefined;
        const number = optString(version, 'version');
        if (number === undefined)
            return undefined;
        return {
            name,
            version: number,
            runId: optString(version, 'run_id') || undefined,
            modelId: optString(version, 'model_id') || undefined
        };
    }
    async loggedModels(experimentId, runId) {
        const models = [];
        let pageToken;
        do {
            let json;
            try {
                json = await this.call('POST', 'logged-models/search', {
                    experiment_ids: [experimentId],
                    filter: `source_run_id = '${runId.replace(/'/g, '')}'`,
                    max_results: 100,
                    ...(pageToken ? { page_token: pageToken } : {})
                });
            }
            catch (error) {
                // A server before MLflow 3 has no such endpoint: it has no logged models either.
                if (error instanceof MlflowApiError && error.details.status === 404)
                    return [];
                throw error;
            }
            for (const item of isObject(json) ? optArray(json, 'models') : []) {
                const model = parseLoggedModel(item);
                if (model !== undefined)
                    models.push(model);
            }
            pageToken = isObject(json) ? optString(json, 'next_page_token') || undefined : undefined;
        } while (pageToken !== undefined);
        return models;
    }
    async searchRuns(request) {
        const json = await this.call('POST', 'runs/search', {
            experiment_ids: request.experimentIds,
            filter: request.filter ?? '',
            run_view_type: 'ACTIVE_ONLY',
            max_results: request.maxResults ?? 1000,
            order_by: request.orderBy ?? [],
            ...(request.pageToken ? { page_token: request.pageToken } : {})
        });
        if (!isObject(json))
            return { runs: [] };
        const runs = [];
        for (const item of optArray(json, 'runs')) {
            const run = parseRun(item);
            if (run !== undefined)
                runs.push(run);
        }
        const next = optString(json, 'next_page_token');
        return next ? { runs, nextPageToken: next } : { runs };
    }
    async getRun(runId) {
        const json = await this.call('GET', 'runs/get', { run_id: runId });
        const run = parseRun(isObject(json) ? json['run'] : undefined);
        if (run === undefined) {
            throw new MlflowApiError(`${this.description} answered runs/get for ${runId} without a run.`);
        }
        return run;
    }
    async getMetricHistory(runId, key) {
        const points = [];
        let pageToken;
        // Servers from 3.1.1 page the history; older ones return it whole and no token.
        do {
            const json = await this.call('GET', 'metrics/get-history', {
                run_id: runId,
                metric_key: key,
                max_results: '25000',
                ...(pageToken ? { page_token: pageToken } : {})
            });
            if (!isObject(json))
                break;
            for (const item of optArray(json, 'metrics')) {
                const point = parseMetricPoint(item);
                if (point !== undefined) {
                    points.push({ step: point.step, timestamp: point.timestamp, value: point.value });
                }
            }
            pageToken = optString(json, 'next_page_token') || undefined;
        } while (pageToken);
        return points;
    }
    async setTags(runId, tags) {
        const entries = Object.entries(tags).map(([key, value]) => ({ key, value }));
        // log-batch takes at most 100 tags per call.
        for (let i = 0; i < entries.length; i += 100) {
            await this.call('POST', 'runs/log-batch', { run_id: runId, tags: entries.slice(i, i + 100) });
        }
    }
    async close() { }
    /**
     * Writes files under a run's `mlflow-artifacts:` root through this server's artifact proxy
     * (`PUT /api/2.0/mlflow-artifacts/artifacts/<path>`), as MLflow's client does. False for a
     * root this server does not proxy (another host, or an object store the client writes to).
     */
    async logArtifactFiles(artifactUri, files) {
        const root = proxiedRoot(artifactUri, this.base);
        if (root === undefined)
            return false;
        for (const file of files) {
            const path = [...root, ...file.path.split('/')].map(encodeURIComponent).join('/');
            const url = new URL(`api/2.0/mlflow-artifacts/artifacts/${path}`, this.base);
            const headers = {
                ...this.headers,
                'content-type': 'application/octet-stream',
                'content-length': String(Buffer.byteLength(file.body))
            };
            await this.retrying('mlflow-artifacts', {
                ...this.request('PUT', url, headers),
                body: file.body
            });
        }
        return true;
    }
    request(method, url, headers) {
        return {
            method,
            url,
            headers,
            timeoutMs: this.options.requestTimeoutMs,
            insecureTls: this.options.insecureTls
        };
    }
    /** Calls one endpoint of `/api/2.0/mlflow/`, retrying transient failures. */
    async call(method, endpoint, payload) {
        const url = new URL(`api/2.0/mlflow/${endpoint}`, this.base);
        let body;
        const headers = { ...this.headers };
        if (method === 'GET') {
            for (const [key, value] of Object.entries(payload))
                url.searchParams.set(key, String(value));
        }
        else {
            body = JSON.stringify(payload);
            headers['content-type'] = 'application/json';
            // A length, not chunked encoding: MLflow's WSGI app reads no chunked request body.
            headers['content-length'] = String(Buffer.byteLength(body));
        }
        return this.retrying(endpoint, { ...this.request(method, url, headers), body });
    }
    /** Sends `request`, retrying transient failures as MLflow's client does. */
    async retrying(endpoint, request) {
        const { notify } = this.options;
        return retry(() => this.attempt(endpoint, request), {
            policy: this.options.retry,
            clock: this.clock,
            decide: (error, { backoffMs, now }) => {
                if (!(error instanceof TransientFailure))
                    return undefined;
                const retryAfter = error.response === undefined
                    ? undefined
                    : parseRetryAfterMs(headerValue(error.response.headers['retry-after']), now);
                return Math.max(retryAfter ?? 0, backoffMs);
            },
            onRetry: notify
                ? event => notify(retryMessage(`${this.description} (${endpoint})`, event))
                : undefined,
            giveUp: (error, { attempts, elapsedMs }) => {
                if (!(error instanceof TransientFailure))
                    return error;
                if (error.response !== undefined)
                    return this.apiError(endpoint, error.response, attempts);
                return new MlflowApiError(`Cannot reach the ${this.description} (${endpoint}): ${error.message} after ${attempts} attempt(s) in ${Math.round(elapsedMs / 1000)} s. ` +
                    'Check that `tracking-uri` is right and that the server is running and reachable from the runner.', { endpoint });
            }
        });
    }
    /**
     * One request: the parsed body of a 2xx answer; a TransientFailure for what MLflow's client
     * retries; an MlflowApiError for the rest.
     */
    async attempt(endpoint, request) {
        let response;
        try {
            response = await this.send(request);
        }
        catch (error) {
            if (error instanceof MlflowApiError)
                throw error;
            const tls = certificateProblem(error);
            if (tls !== undefined) {
                throw new MlflowApiError(`The ${this.description} presented a certificate this runner does not trust (${tls}). ` +
                    'Add its CA with NODE_EXTRA_CA_CERTS, or, if you trust the server, set MLFLOW_TRACKING_INSECURE_TLS=true.', { endpoint });
            }
            throw new TransientFailure(errorMessage(error));
        }
        if (response.status >= 200 && response.status < 300)
            return parseBody(response.body);
        if (!RETRY_STATUS.has(response.status))
            throw this.apiError(endpoint, response);
        throw new TransientFailure(`HTTP ${response.status}`, response);
    }
    apiError(endpoint, response, attempts = 1) {
        let errorCode;
        let message = response.body.slice(0, 500);
        const json = parseBody(response.body);
        if (isObject(json)) {
            errorCode = optString(json, 'error_code');
            message = optString(json, 'message') ?? message;
        }
        let hint = '';
        if (response.status === 401 || response.status === 403) {
            hint = this.options.databricks
                ? ' Check DATABRICKS_TOKEN: a valid token of a user or service principal that may read the experiment, from your repository secrets.'
                : ' Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN, from your repository secrets.';
        }
        const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
        return new MlflowApiError(`The ${this.description} answered ${endpoint} with HTTP ${response.status}${errorCode ? ` ${errorCode}` : ''}${tries}: ${message}${hint}`, { status: response.status, errorCode, endpoint });
    }
}
/** A failed attempt that is retried: no answer (the message says why), or a status in RETRY_STATUS. */
class TransientFailure extends Error {
    response;
    constructor(message, response) {
        super(message);
        this.response = response;
    }
}
/** TLS certificate errors are not transient: they are reported at once, not retried. */
const CERTIFICATE_ERRORS = new Set([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID'
]);
function certificateProblem(error) {
    if (typeof error !== 'object' || error === null || !('code' in error))
        return undefined;
    const code = error.code;
    if (typeof code !== 'string' || !CERTIFICATE_ERRORS.has(code))
        return undefined;
    return `${code}: ${errorMessage(error)
        .replace(/^Error: /, '')
        .split(';')[0]}`;
}
function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}
function parseBody(body) {
    if (body.trim() === '')
        return {};
    try {
        return JSON.parse(body);
    }
    catch {
        return undefined;
    }
}
/**
 * The path segments of a `mlflow-artifacts:` root that this server (`base`) proxies:
 * `mlflow-artifacts:/1/<run>/artifacts` (the server that answers), or
 * `mlflow-artifacts://<host>/…` when the host is this server's; else undefined.
 */
function proxiedRoot(artifactUri, base) {
    if (artifactUri === undefined || !artifactUri.startsWith('mlflow-artifacts:'))
        return undefined;
    let url;
    try {
        url = new URL(artifactUri);
    }
    catch {
        return undefined;
    }
    if (url.host !== '' && url.host !== base.host)
        return undefined;
    const segments = url.pathname.split('/').filter(s => s !== '');
    return segments.length > 0 ? segments.map(decodeURIComponent) : undefined;
}

// EXTERNAL MODULE: external "node:sqlite"
var external_node_sqlite_ = __webpack_require__(80099);
;// CONCATENATED MODULE: ./src/adapters/mlflow/sqlite/compile.ts
const ATTRIBUTE_COLUMNS = {
    run_id: 'r.run_uuid',
    run_name: 'r.name',
    status: 'r.status',
    user_id: 'r.user_id',
    artifact_uri: 'r.artifact_uri',
    start_time: 'r.start_time',
    end_time: 'r.end_time'
};
/** LIKE's pattern as a case-sensitive GLOB pattern (% → *, _ → ?, GLOB's specials bracketed). */
function likeToGlob(pattern) {
    let out = '';
    for (const ch of pattern) {
        if (ch === '%')
            out += '*';
        else if (ch === '_')
            out += '?';
        else if (ch === '*' || ch === '?' || ch === '[')
            out += `[${ch}]`;
        else
            out += ch;
    }
    return out;
}
function stringCondition(column, op, value, args) {
    switch (op) {
        case '=':
        case '!=':
            args.push(value);
            return `${column} ${op} ?`;
        case 'LIKE':
            args.push(likeToGlob(value));
            return `${column} GLOB ?`;
        case 'ILIKE':
            // SQLite's LIKE ignores ASCII case, as MLflow's ILIKE (lower() LIKE lower()) does there.
            args.push(value);
            return `${column} LIKE ?`;
    }
    // Unreachable: every operator of the grammar has a case above.
    throw new RangeError(`no SQL for ${op}`);
}
/** An attribute comparison as a condition on the runs table. */
function compileAttribute(c, args) {
    const column = ATTRIBUTE_COLUMNS[c.key];
    if (column === undefined)
        return undefined;
    if (typeof c.value === 'number') {
        args.push(c.value);
        return `${column} ${c.op} ?`;
    }
    if (Array.isArray(c.value)) {
        args.push(...c.value);
        const marks = c.value.map(() => '?').join(', ');
        return `${column} ${c.op === 'IN' ? 'IN' : 'NOT IN'} (${marks})`;
    }
    if (c.value === null)
        return undefined;
    // The run name lives in the runs table and in the mlflow.runName tag; MLflow searches the column.
    return `${column} IS NOT NULL AND ${stringCondition(column, c.op, c.value, args)}`;
}
/** A param or tag comparison as an expression over one run, whose id is its first parameter. */
function compileProbe(c) {
    const table = c.type === 'param' ? 'params' : 'tags';
    const args = [c.key];
    const exists = `EXISTS (SELECT 1 FROM ${table} x WHERE x.run_uuid = ? AND x.key = ?`;
    if (c.op === 'IS NULL')
        return { sql: `NOT ${exists})`, args };
    if (c.op === 'IS NOT NULL')
        return { sql: `${exists})`, args };
    if (typeof c.value !== 'string')
        return undefined;
    return { sql: `${exists} AND ${stringCondition('x.value', c.op, c.value, args)})`, args };
}
function compileSearch(comparisons, order) {
    const args = [];
    const where = [];
    const probes = [];
    for (const comparison of comparisons) {
        if (comparison.type === 'metric')
            return undefined;
        if (comparison.type === 'attribute') {
            const sql = compileAttribute(comparison, args);
            if (sql === undefined)
                return undefined;
            where.push(`(${sql})`);
        }
        else {
            const probe = compileProbe(comparison);
            if (probe === undefined)
                return undefined;
            probes.push(probe);
        }
    }
    const clauses = [...order];
    if (!clauses.some(c => c.type === 'attribute' && c.key === 'start_time')) {
        clauses.push({ type: 'attribute', key: 'start_time', ascending: false });
    }
    const orderBy = [];
    for (const clause of clauses) {
        const column = clause.type === 'attribute' ? ATTRIBUTE_COLUMNS[clause.key] : undefined;
        if (column === undefined)
            return undefined;
        // Missing values last, in either direction, as the code path does.
        orderBy.push(`(${column} IS NULL)`, `${column} ${clause.ascending ? 'ASC' : 'DESC'}`);
    }
    orderBy.push('r.run_uuid ASC');
    return { where, args, probes, orderBy: orderBy.join(', ') };
}

;// CONCATENATED MODULE: ./src/adapters/mlflow/sqlite/schema-revisions.ts
// Generated by scripts/list-schema-revisions.sh from the pinned MLflow: every alembic revision of
// MLflow's SQL store schema up to that release. A store at any other revision is refused.
const SUPPORTED_MLFLOW = '3.17.2';
const KNOWN_SCHEMA_REVISIONS = new Set([
    '0584bdc529eb',
    '0a8213491aaa',
    '0c779009ac13',
    '17e22815139b',
    '181f10493468',
    '1971f2d9a75b',
    '1a0cddfcaa16',
    '1b5f0d9ad7c1',
    '1bd49d398cd23',
    '27a6a02d2cf1',
    '2b4d017a5e9b',
    '2c33131f4dae',
    '2d6e25af4d3e',
    '3500859a5d39',
    '39d1c3be5f05',
    '3da73c924c2f',
    '400f98739977',
    '4465047574b1',
    '451aebb31d03',
    '534353b11cbc',
    '5b0e9adcef9c',
    '5d2d30f0abce',
    '6953534de441',
    '6f8d9c3b2a1e',
    '71994744cf8e',
    '728d730b5ebd',
    '75868b020152',
    '76601a5f987d',
    '770bee3ae1dd',
    '7ac759974ad8',
    '7d34483879f0',
    '7f2a7d5fae7d',
    '84291f40a231',
    '867495a8f9d4',
    '89d3d66ed43f',
    '89d4b8295536',
    '90e64c465722',
    '97727af70f4d',
    'a1b2c3d4e5f6',
    'a5b4c3d2e1f0',
    'a8b9c0d1e2f3',
    'a8c4a736bde6',
    'acf3f17fdcc7',
    'ae8bbe7743c9',
    'b7c8d9e0f1a2',
    'b7e2c1a4d9f3',
    'b7e4c1a90f23',
    'bd07f7e963c5',
    'bda7b8c39065',
    'bf29a5ff90ea',
    'c1d2e3f4a5b6',
    'c3d6457b6d8a',
    'c3d9e7f1a2b4',
    'c48cb773bb87',
    'c8d9e0f1a2b3',
    'c9d4e5f6a7b8',
    'cbc13b556ace',
    'cc1f77228345',
    'cfd24bdc0731',
    'd0e1f2a3b4c5',
    'd3e4f5a6b7c8',
    'da6fb0208061',
    'dc11669786a5',
    'de4033877273',
    'df50e92ffc5e',
    'e1f2a3b4c5d6',
    'f5a4f2784254'
]);

;// CONCATENATED MODULE: ./src/adapters/mlflow/sqlite/sqlite-store.ts
/**
 * TrackingStore over MLflow's local SQLite store (`sqlite:///…/mlflow.db`, MLflow's default since
 * 3.7), read directly with node:sqlite: no Python and no server needed to read it.
 */








/** The database path of a `sqlite:///…` URI (absolute with four slashes, relative with three). */
function sqlitePathFromUri(uri) {
    const match = /^sqlite:\/\/\/(.*)$/.exec(uri);
    if (!match?.[1])
        throw new StoreError(`Not a SQLite tracking URI: ${uri}`);
    return decodeURIComponent(match[1].split('?')[0] ?? '');
}
/** LoggedModelStatus as MLflow's SQL store writes it. */
const sqlite_store_LOGGED_MODEL_STATUS = {
    0: 'UNSPECIFIED',
    1: 'PENDING',
    2: 'READY',
    3: 'FAILED'
};
function sqlite_store_text(value) {
    return value === null || value === undefined ? '' : String(value);
}
function sqlite_store_num(value) {
    if (typeof value === 'number')
        return value;
    if (typeof value === 'bigint')
        return Number(value);
    return undefined;
}
function metricValue(row) {
    if (sqlite_store_num(row['is_nan']) === 1)
        return Number.NaN;
    return sqlite_store_num(row['value']) ?? Number.NaN;
}
class SqliteTrackingStore {
    path;
    options;
    description;
    db;
    /**
     * `compileSql: false` evaluates every search in code (the path taken when a search has no exact
     * SQL form); the differential tests run both paths.
     */
    constructor(path, options = {}) {
        this.path = path;
        this.options = options;
        this.description = `local MLflow store ${path}`;
        if (!(0,external_node_fs_.existsSync)(path))
            throw new errors_StoreError(`The MLflow store ${path} does not exist.`);
        try {
            this.db = new external_node_sqlite_.DatabaseSync(path, { readOnly: true });
        }
        catch (error) {
            throw new errors_StoreError(`Cannot open the MLflow store ${path}: ${errorMessage(error)}`, {
                cause: error
            });
        }
        this.checkSchema();
    }
    checkSchema() {
        let revision;
        try {
            const row = this.db.prepare('SELECT version_num FROM alembic_version').get();
            revision = row === undefined ? undefined : sqlite_store_text(row['version_num']);
        }
        catch (error) {
            throw new errors_StoreError(`${this.path} is not an MLflow tracking database (no schema revision: ${errorMessage(error)}).`);
        }
        if (revision === undefined || !KNOWN_SCHEMA_REVISIONS.has(revision)) {
            throw new errors_StoreError(`The MLflow store ${this.path} has schema revision '${revision ?? 'none'}', which this action does not know. ` +
                `It reads stores written by MLflow 1.x up to ${SUPPORTED_MLFLOW}. Use an MLflow release up to ${SUPPORTED_MLFLOW} ` +
                'for this store, or update the action.');
        }
    }
    async getExperimentByName(name) {
        return experimentOf(this.db
            .prepare('SELECT experiment_id, name, artifact_location, lifecycle_stage FROM experiments WHERE name = ? ORDER BY experiment_id LIMIT 1')
            .get(name));
    }
    async getExperiment(experimentId) {
        return experimentOf(this.db
            .prepare('SELECT experiment_id, name, artifact_location, lifecycle_stage FROM experiments WHERE experiment_id = ?')
            .get(Number(experimentId)));
    }
    runUrl() {
        return undefined;
    }
    async getModelVersion(name, alias) {
        let row;
        try {
            row = this.db
                .prepare('SELECT v.version, v.run_id FROM registered_model_aliases a JOIN model_versions v ON v.name = a.name AND v.version = a.version WHERE a.name = ? AND a.alias = ?')
                .get(name, alias);
        }
        catch (error) {
            // A store made before MLflow had aliases has no such table: no version has one.
            if (/no such table/.test(errorMessage(error)))
                return undefined;
            throw error;
        }
        if (row === undefined)
            return undefined;
        const runId = row['run_id'];
        return {
            name,
            version: String(row['version']),
            runId: typeof runId === 'string' && runId !== '' ? runId : undefined
        };
    }
    async loggedModels(experimentId, runId) {
        let rows;
        try {
            rows = this.db
                .prepare("SELECT model_id, experiment_id, name, creation_timestamp_ms, status, source_run_id FROM logged_models WHERE experiment_id = ? AND source_run_id = ? AND lifecycle_stage = 'active'")
                .all(Number(experimentId), runId);
        }
        catch (error) {
            // Stores written before MLflow 3 have no logged models.
            if (/no such table/.test(errorMessage(error)))
                return [];
            throw error;
        }
        const metrics = this.db.prepare('SELECT metric_name, metric_timestamp_ms, metric_step, metric_value FROM logged_model_metrics WHERE model_id = ?');
        return rows.map(row => {
            const modelId = sqlite_store_text(row['model_id']);
            const points = metrics.all(modelId).map(m => ({
                key: sqlite_store_text(m['metric_name']),
                step: sqlite_store_num(m['metric_step']) ?? 0,
                timestamp: sqlite_store_num(m['metric_timestamp_ms']) ?? 0,
                value: sqlite_store_num(m['metric_value']) ?? Number.NaN
            }));
            return {
                modelId,
                name: sqlite_store_text(row['name']),
                experimentId: sqlite_store_text(row['experiment_id']),
                sourceRunId: sqlite_store_text(row['source_run_id']) || undefined,
                status: sqlite_store_LOGGED_MODEL_STATUS[sqlite_store_num(row['status']) ?? 0] ?? 'UNSPECIFIED',
                creationTime: sqlite_store_num(row['creation_timestamp_ms']) ?? 0,
                metrics: latestValues(points)
            };
        });
    }
    async searchRuns(request) {
        const { comparisons, order, offset, max } = parseSearchRequest(request);
        if (request.experimentIds.length === 0)
            return { runs: [] };
        const experiments = request.experimentIds.map(id => Number(id));
        const inExperiments = `r.experiment_id IN (${experiments.map(() => '?').join(', ')}) AND r.lifecycle_stage = 'active'`;
        const compiled = this.options.compileSql === false ? undefined : compileSearch(comparisons, order);
        let page;
        let more;
        if (compiled !== undefined) {
            // Walk the runs in order (attribute conditions in SQL), probe params and tags run by run,
            // and stop at the page's end: only the page's runs are loaded.
            const ordered = this.db.prepare(`SELECT r.run_uuid FROM runs r WHERE ${[inExperiments, ...compiled.where].join(' AND ')} ORDER BY ${compiled.orderBy}`);
            const probe = compiled.probes.length > 0
                ? this.db.prepare(`SELECT ${compiled.probes.map(p => p.sql).join(' AND ')} AS ok`)
                : undefined;
            const ids = [];
            let skipped = 0;
            for (const row of ordered.iterate(...experiments, ...compiled.args)) {
                const runId = sqlite_store_text(row['run_uuid']);
                if (probe !== undefined) {
                    const args = compiled.probes.flatMap(p => [runId, ...p.args]);
                    if (sqlite_store_num(probe.get(...args)?.['ok']) !== 1)
                        continue;
                }
                if (skipped < offset) {
                    skipped++;
                    continue;
                }
                ids.push(runId);
                if (ids.length > max)
                    break;
            }
            more = ids.length > max;
            page = this.loadRunsById(ids.slice(0, max));
        }
        else {
            const rows = this.db
                .prepare(`SELECT r.* FROM runs r WHERE ${inExperiments}`)
                .all(...experiments);
            const matching = sortRuns(this.loadRuns(rows).filter(run => matchesFilter(run, comparisons)), order);
            page = matching.slice(offset, offset + max);
            more = offset + max < matching.length;
        }
        return more ? { runs: page, nextPageToken: encodePageToken(offset + max) } : { runs: page };
    }
    async getRun(runId) {
        const row = this.db.prepare('SELECT * FROM runs WHERE run_uuid = ?').get(runId);
        const run = row === undefined ? undefined : this.loadRuns([row])[0];
        if (run === undefined)
            throw new errors_StoreError(`Run '${runId}' not found in ${this.description}.`);
        return run;
    }
    async getMetricHistory(runId, key) {
        return this.db
            .prepare('SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY step, timestamp')
            .all(runId, key)
            .map(row => ({
            step: sqlite_store_num(row['step']) ?? 0,
            timestamp: sqlite_store_num(row['timestamp']) ?? 0,
            value: metricValue(row)
        }));
    }
    async setTags(runId, tags) {
        const db = new external_node_sqlite_.DatabaseSync(this.path);
        try {
            db.exec('PRAGMA busy_timeout = 10000');
            const insert = db.prepare('INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?) ON CONFLICT (key, run_uuid) DO UPDATE SET value = excluded.value');
            db.exec('BEGIN');
            for (const [key, value] of Object.entries(tags))
                insert.run(key, value, runId);
            db.exec('COMMIT');
        }
        finally {
            db.close();
        }
    }
    async close() {
        if (this.db.isOpen)
            this.db.close();
    }
    /** Loads runs by id, in the order given. */
    loadRunsById(ids) {
        if (ids.length === 0)
            return [];
        const byId = new Map();
        for (let i = 0; i < ids.length; i += 500) {
            const chunk = ids.slice(i, i + 500);
            const rows = this.db
                .prepare(`SELECT * FROM runs WHERE run_uuid IN (${chunk.map(() => '?').join(', ')})`)
                .all(...chunk);
            for (const run of this.loadRuns(rows))
                byId.set(run.info.runId, run);
        }
        return ids.flatMap(id => byId.get(id) ?? []);
    }
    /** Builds runs (with tags, params and latest metrics) from rows of the runs table. */
    loadRuns(rows) {
        const byId = new Map();
        for (const row of rows) {
            const runId = sqlite_store_text(row['run_uuid']);
            byId.set(runId, {
                info: {
                    runId,
                    runName: sqlite_store_text(row['name']),
                    experimentId: sqlite_store_text(row['experiment_id']),
                    status: sqlite_store_text(row['status']),
                    startTime: sqlite_store_num(row['start_time']) ?? 0,
                    endTime: sqlite_store_num(row['end_time']),
                    artifactUri: sqlite_store_text(row['artifact_uri']) || undefined,
                    lifecycleStage: sqlite_store_text(row['lifecycle_stage']) || 'active'
                },
                data: { metrics: {}, params: {}, tags: {} }
            });
        }
        if (byId.size === 0)
            return [];
        const ids = [...byId.keys()];
        // SQLite allows a limited number of host parameters per statement: go in chunks.
        for (let i = 0; i < ids.length; i += 500) {
            const chunk = ids.slice(i, i + 500);
            const marks = chunk.map(() => '?').join(', ');
            for (const row of this.db
                .prepare(`SELECT key, value, run_uuid FROM tags WHERE run_uuid IN (${marks})`)
                .all(...chunk)) {
                const run = byId.get(sqlite_store_text(row['run_uuid']));
                if (run)
                    run.data.tags[sqlite_store_text(row['key'])] = sqlite_store_text(row['value']);
            }
            for (const row of this.db
                .prepare(`SELECT key, value, run_uuid FROM params WHERE run_uuid IN (${marks})`)
                .all(...chunk)) {
                const run = byId.get(sqlite_store_text(row['run_uuid']));
                if (run)
                    run.data.params[sqlite_store_text(row['key'])] = sqlite_store_text(row['value']);
            }
            for (const row of this.db
                .prepare(`SELECT key, value, is_nan, run_uuid FROM latest_metrics WHERE run_uuid IN (${marks})`)
                .all(...chunk)) {
                const run = byId.get(sqlite_store_text(row['run_uuid']));
                if (run)
                    run.data.metrics[sqlite_store_text(row['key'])] = metricValue(row);
            }
        }
        return [...byId.values()];
    }
}
function experimentOf(row) {
    if (row === undefined)
        return undefined;
    return {
        experimentId: sqlite_store_text(row['experiment_id']),
        name: sqlite_store_text(row['name']),
        artifactLocation: sqlite_store_text(row['artifact_location']) || undefined,
        lifecycleStage: sqlite_store_text(row['lifecycle_stage']) || 'active'
    };
}

;// CONCATENATED MODULE: ./src/adapters/mlflow/open-store.ts



function openStore(location, options) {
    switch (location.kind) {
        case 'sqlite':
            return new SqliteTrackingStore(location.path);
        case 'file':
            return new FileTrackingStore(location.root);
        case 'server':
            // A Databricks workspace too: the same API at its host, with its own token.
            return new RestTrackingStore({
                ...restOptionsFromEnv(location, options.env),
                ...(options.notify ? { notify: options.notify } : {})
            });
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./src/adapters/project/commands.ts
/** Runs external commands (mlflow, pip) with argv arrays, never through a shell. */



/**
 * Spawns the command directly (no shell) and streams its output, line by line, to this process's
 * stdout (the runner's log). Standard input is /dev/null: with a pipe there, Debian's bash (which
 * `mlflow run` uses to start the entry point) takes itself for an ssh session and sources
 * ~/.bashrc, which may put another Python first on PATH.
 */
const spawnCommandRunner = echoingCommandRunner(process.stdout);
/** The same, echoing to `echo` (the CLI keeps stdout for its report: it echoes to stderr). */
function echoingCommandRunner(echo) {
    return { run: (command, args, options) => spawnEchoing(echo, command, args, options) };
}
function spawnEchoing(echo, command, args, options) {
    return new Promise((resolve, reject) => {
        echo.write(`[command]${[command, ...args].join(' ')}\n`);
        const child = (0,external_node_child_process_.spawn)(command, args, {
            env: options.env,
            cwd: options.cwd,
            stdio: ['ignore', 'pipe', 'pipe']
        });
        const forward = (stream) => {
            let pending = '';
            stream.setEncoding('utf8');
            stream.on('data', (chunk) => {
                echo.write(chunk);
                pending += chunk;
                const lines = pending.split(/\r?\n/);
                pending = lines.pop() ?? '';
                for (const line of lines)
                    options.onLine?.(line);
            });
            stream.on('end', () => {
                if (pending !== '')
                    options.onLine?.(pending);
                pending = '';
            });
        };
        forward(child.stdout);
        forward(child.stderr);
        child.on('error', reject);
        child.on('close', code => resolve(code ?? 1));
    });
}
/** Finds an executable on PATH, like `which`. */
function findOnPath(name, env) {
    for (const dir of (env['PATH'] ?? '').split((external_node_path_default()).delimiter)) {
        if (dir === '')
            continue;
        const candidate = external_node_path_default().join(dir, name);
        try {
            (0,external_node_fs_.accessSync)(candidate, external_node_fs_.constants.X_OK);
            return candidate;
        }
        catch {
            // not here
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/adapters/project/mlflow-cli.ts
/** The `mlflow` command line: finding or installing it, creating experiments, `mlflow run`. */




/** Uses `mlflow` from PATH, or installs `mlflow==version` with pip and runs it as `python -m mlflow`. */
async function resolveMlflow(runner, env, log, version) {
    const onPath = findOnPath('mlflow', env);
    if (onPath !== undefined) {
        log.info(`Using ${onPath}.`);
        return { command: [onPath], runner, env, log };
    }
    const python = findOnPath('python3', env) ?? findOnPath('python', env);
    if (python === undefined) {
        throw new ProjectRunError(surface => `Neither mlflow nor Python is on PATH. ${surface.name === 'cli' ? 'Install MLflow (pip install mlflow) or put its bin directory on PATH.' : 'Add `actions/setup-python` before this step (and `pip install mlflow`), or set `mlflow-version`.'}`);
    }
    await log.group(`Installing mlflow==${version}`, async () => {
        const code = await runner.run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', `mlflow==${version}`], { env });
        if (code !== 0) {
            throw new ProjectRunError(surface => `pip could not install mlflow==${version} (exit code ${code}). Check ${surface.input('mlflow-version')}, or install MLflow before.`);
        }
    });
    return { command: [python, '-m', 'mlflow'], runner, env, log };
}
/** The Python behind the `mlflow` command: `python -m mlflow`, or the shebang of the script. */
function cliPython(cli) {
    const [command, second] = cli.command;
    if (command === undefined)
        return undefined;
    if (second === '-m')
        return command;
    try {
        const first = (0,external_node_fs_.readFileSync)(command, 'utf8').slice(0, 300).split('\n')[0] ?? '';
        const shebang = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first);
        if (shebang?.[1])
            return shebang[1];
    }
    catch {
        // not a readable script
    }
    return findOnPath('python3', cli.env);
}
function exec(cli, args, env, onLine) {
    const [command, ...lead] = cli.command;
    if (command === undefined)
        throw new ProjectRunError('No mlflow command.');
    return cli.runner.run(command, [...lead, ...args], { env, onLine });
}
/** Creates an experiment with its artifacts in a chosen place (used for the local store). */
async function createExperiment(cli, trackingUri, name, artifactLocation) {
    const lines = [];
    const code = await exec(cli, ['experiments', 'create', '--experiment-name', name, '--artifact-location', artifactLocation], { ...cli.env, MLFLOW_TRACKING_URI: trackingUri }, line => lines.push(line));
    if (code !== 0) {
        throw new ProjectRunError(`mlflow could not create experiment '${name}' (exit code ${code}): ${lines.slice(-3).join(' ')}`);
    }
}
/**
 * MLflow logs "=== Run (ID '<id>') succeeded ===" (or "failed") when a project run it waited
 * for ends: a local or a kubernetes one (the CLI waits for the Job).
 */
const RUN_ID_LINE = /Run \(ID '([0-9a-zA-Z]{32})'\)/;
/**
 * A databricks run is submitted and not waited for: MLflow names only the Databricks job run
 * ("=== Launched MLflow run as Databricks job run with ID 123. Getting run status page URL...
 * ==="), and tags the MLflow run with that id.
 */
const DATABRICKS_RUN_LINE = /Launched MLflow run as Databricks job run with ID (\d{1,30})\b/;
/** Builds the argv of `mlflow run`: every parameter is its own argument, never a shell word. */
function mlflowRunArgs(spec) {
    const args = ['run', spec.project, '--entry-point', spec.entryPoint];
    for (const [key, value] of spec.parameters)
        args.push('-P', `${key}=${value}`);
    args.push('--env-manager', spec.envManager, '--experiment-name', spec.experimentName);
    if (spec.runName !== '')
        args.push('--run-name', spec.runName);
    // Local is MLflow's default: a local run's argv stays as it always was.
    if (spec.backend !== 'local')
        args.push('--backend', spec.backend);
    if (spec.backendConfig !== '')
        args.push('--backend-config', spec.backendConfig);
    // Without it, MLflow pushes and runs the MLproject's docker_env image as it is, without this
    // commit's project in it: the Job would not run the code under review.
    if (spec.backend === 'kubernetes')
        args.push('--build-image');
    return args;
}
/**
 * What the project's code (the pull request's) must not see: the action's own inputs (its
 * GitHub token among them), the GitLab token the CLI posts its note with, and the runner's
 * tokens for the artifact service and for OIDC. The tracking credentials stay: the run logs
 * with them.
 */
const NOT_FOR_THE_PROJECT = /^(INPUT_.*|GITLAB_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL)$/i;
/** `env` without what the project's code must not see. */
function projectEnv(env) {
    return Object.fromEntries(Object.entries(env).filter(([key]) => !NOT_FOR_THE_PROJECT.test(key)));
}
/** Keeps the last `max` lines `line` is given: what a failed command's message quotes. */
function keepLast(lines, line, max = 20) {
    lines.push(line);
    if (lines.length > max)
        lines.shift();
}
/**
 * Runs a Python snippet with the Python behind `mlflow` (so MLflow's own client is there),
 * against `trackingUri`; `purpose` completes "no Python found … to <purpose>".
 */
async function runMlflowPython(cli, request) {
    const python = cliPython(cli);
    if (python === undefined) {
        throw new ProjectRunError(`no Python found behind ${cli.command.join(' ')} to ${request.purpose}`);
    }
    let answer;
    const tail = [];
    const prefix = `${request.marker} `;
    const code = await cli.runner.run(python, ['-c', request.script, ...request.args], {
        env: { ...cli.env, MLFLOW_TRACKING_URI: request.trackingUri },
        onLine: line => {
            if (line.startsWith(prefix))
                answer = line.slice(prefix.length);
            else if (line.trim() !== '')
                keepLast(tail, line);
        }
    });
    return { answer, code, tail };
}
async function runProject(cli, spec) {
    let runId;
    let databricksRunId;
    const tail = [];
    const exitCode = await exec(cli, mlflowRunArgs(spec), { ...projectEnv(cli.env), MLFLOW_TRACKING_URI: spec.trackingUri }, line => {
        const match = RUN_ID_LINE.exec(line);
        if (match?.[1])
            runId = match[1];
        const submitted = DATABRICKS_RUN_LINE.exec(line);
        if (submitted?.[1])
            databricksRunId = submitted[1];
        keepLast(tail, line);
    });
    if (exitCode === 0 && runId === undefined && databricksRunId !== undefined) {
        runId = await findDatabricksRun(cli, spec, databricksRunId);
    }
    return { runId, exitCode, tail };
}
/**
 * The run of the experiment that MLflow tagged with the id of the Databricks job run it
 * submitted (`mlflow.databricks.shellJobRunID`), with MLflow's client and the job's credentials;
 * undefined when there is not exactly one.
 */
async function findDatabricksRun(cli, spec, databricksRunId) {
    const script = [
        'import sys',
        'from mlflow.tracking import MlflowClient',
        'client = MlflowClient()',
        'experiment = client.get_experiment_by_name(sys.argv[1])',
        // The id is digits (DATABRICKS_RUN_LINE): nothing in it needs quoting.
        'runs = [] if experiment is None else client.search_runs([experiment.experiment_id], filter_string=f"tags.`mlflow.databricks.shellJobRunID` = \'{sys.argv[2]}\'", max_results=2)',
        'print("FOUND " + (runs[0].info.run_id if len(runs) == 1 else ""))'
    ].join('\n');
    const { answer, code, tail } = await runMlflowPython(cli, {
        script,
        args: [spec.experimentName, databricksRunId],
        trackingUri: spec.trackingUri,
        marker: 'FOUND',
        purpose: 'find the run with'
    });
    if (code !== 0) {
        throw new ProjectRunError(`MLflow could not look up the run of Databricks job run ${databricksRunId} (exit code ${code}): ${tail.slice(-3).join(' ')}`);
    }
    return answer !== undefined && /^[0-9a-zA-Z]{32}$/.test(answer) ? answer : undefined;
}
/**
 * Copies runs from one MLflow store into another with MLflow's client: each run is made anew in
 * the target experiment (its params, tags, every metric's whole history, its status and times),
 * and its artifacts are logged from `artifactsDir` (the source store's artifact root as it lies
 * here, which is not where the source's runs say it was). Returns each source run's new id.
 */
async function importRuns(cli, request) {
    const script = [
        'import json, os, sys',
        'from mlflow.entities import Metric, Param, RunTag',
        'from mlflow.tracking import MlflowClient',
        'source = MlflowClient(tracking_uri=sys.argv[1])',
        'target = MlflowClient(tracking_uri=sys.argv[2])',
        'experiment_id, artifacts_dir = sys.argv[3], sys.argv[4]',
        'ids = {}',
        'for run_id in json.loads(sys.argv[5]):',
        '    run = source.get_run(run_id)',
        '    tags = {k: v for k, v in run.data.tags.items() if k != "mlflow.runName"}',
        '    new = target.create_run(experiment_id, start_time=run.info.start_time, tags=tags, run_name=run.info.run_name)',
        '    new_id = new.info.run_id',
        '    metrics = [Metric(m.key, m.value, m.timestamp, m.step) for key in run.data.metrics for m in source.get_metric_history(run_id, key)]',
        '    params = [Param(k, v) for k, v in run.data.params.items()]',
        '    for i in range(0, max(len(metrics), 1), 1000):',
        '        target.log_batch(new_id, metrics=metrics[i:i + 1000], params=params if i == 0 else [])',
        // The source experiment keeps its run artifacts at <root>/<run_id>/artifacts (ours does).
        '    local = os.path.join(artifacts_dir, run_id, "artifacts")',
        '    if local and os.path.isdir(local) and os.listdir(local):',
        '        target.log_artifacts(new_id, local)',
        '    target.set_terminated(new_id, status=run.info.status, end_time=run.info.end_time)',
        '    ids[run_id] = new_id',
        'print("IMPORTED " + json.dumps(ids))'
    ].join('\n');
    const { answer, code, tail } = await runMlflowPython(cli, {
        script,
        args: [
            request.sourceUri,
            request.targetUri,
            request.experimentId,
            request.artifactsDir,
            JSON.stringify(request.runIds)
        ],
        trackingUri: request.targetUri,
        marker: 'IMPORTED',
        purpose: 'copy test runs with'
    });
    if (code !== 0 || answer === undefined) {
        throw new ProjectRunError(`MLflow could not copy the test runs into the local store (exit code ${code}): ${tail.slice(-3).join(' ')}`);
    }
    return map(str(64))(JSON.parse(answer), 'the ids of the copied runs');
}
/**
 * Drops the oldest top-level runs of the experiment beyond `keep`, with the runs nested under
 * them, with MLflow's client (delete) and `mlflow gc` (removes them and their artifacts for
 * good). Returns how many were dropped.
 */
async function pruneRuns(cli, trackingUri, experimentName, keep) {
    const script = [
        'import json, sys',
        'from mlflow.tracking import MlflowClient',
        'client = MlflowClient()',
        'experiment = client.get_experiment_by_name(sys.argv[1])',
        'runs = [] if experiment is None else client.search_runs([experiment.experiment_id], order_by=["attributes.start_time DESC"], max_results=50000)',
        // Only top-level runs count: a run's tests, sweep trials and repeats go with it.
        'top = [r for r in runs if "mlflow.parentRunId" not in r.data.tags]',
        'old = [r.info.run_id for r in top[int(sys.argv[2]):]]',
        'gone = set(old)',
        'grew = True',
        'while grew:',
        '    nested = [r.info.run_id for r in runs if r.data.tags.get("mlflow.parentRunId") in gone and r.info.run_id not in gone]',
        '    grew = len(nested) > 0',
        '    gone.update(nested)',
        '    old += nested',
        'for run_id in old: client.delete_run(run_id)',
        'print("PRUNED " + json.dumps(old))'
    ].join('\n');
    const env = { ...cli.env, MLFLOW_TRACKING_URI: trackingUri };
    const { answer, code } = await runMlflowPython(cli, {
        script,
        args: [experimentName, String(keep)],
        trackingUri,
        marker: 'PRUNED',
        purpose: 'delete runs with'
    });
    let pruned = [];
    try {
        if (answer !== undefined)
            pruned = list(str(64))(JSON.parse(answer), 'the ids of the dropped runs');
    }
    catch {
        // Not the line the script prints: nothing was dropped that we know of.
    }
    if (code !== 0)
        throw new ProjectRunError(`deleting the oldest runs failed (exit code ${code})`);
    if (pruned.length === 0)
        return 0;
    const [command, ...lead] = cli.command;
    if (command === undefined)
        return 0;
    const gc = await cli.runner.run(command, [...lead, 'gc', '--backend-store-uri', trackingUri, '--run-ids', pruned.join(',')], { env });
    if (gc !== 0)
        cli.log.warning(`mlflow gc failed (exit code ${gc}); the dropped runs stay in the store as deleted.`);
    return pruned.length;
}
/** Creates a finished run with MLflow's client (the parent of repeated runs); returns its id. */
async function createRun(cli, trackingUri, experimentName, runName, tags) {
    const script = [
        'import json, sys',
        'from mlflow.tracking import MlflowClient',
        'client = MlflowClient()',
        'experiment = client.get_experiment_by_name(sys.argv[1])',
        'run = client.create_run(experiment.experiment_id, run_name=sys.argv[2], tags=json.loads(sys.argv[3]))',
        'client.set_terminated(run.info.run_id, "FINISHED")',
        'print("CREATED " + run.info.run_id)'
    ].join('\n');
    const { answer, code, tail } = await runMlflowPython(cli, {
        script,
        args: [experimentName, runName, JSON.stringify(tags)],
        trackingUri,
        marker: 'CREATED',
        purpose: 'create a run with'
    });
    const runId = answer !== undefined && /^[0-9a-zA-Z]{32}$/.test(answer) ? answer : undefined;
    if (code !== 0 || runId === undefined) {
        throw new ProjectRunError(`MLflow could not create the parent run '${runName}' (exit code ${code}): ${tail.slice(-3).join(' ')}`);
    }
    return runId;
}
/**
 * `mlflow artifacts log-artifacts`: MLflow itself puts the files into the run's artifact store,
 * whichever it is (a tracking server's proxied `mlflow-artifacts:`, S3, GCS, Azure, DBFS, …),
 * with the credentials the job's environment gives it.
 */
async function logArtifacts(cli, artifacts) {
    const lines = [];
    const code = await exec(cli, [
        'artifacts',
        'log-artifacts',
        '--run-id',
        artifacts.runId,
        '--local-dir',
        artifacts.dir,
        '--artifact-path',
        artifacts.artifactPath
    ], { ...cli.env, MLFLOW_TRACKING_URI: artifacts.trackingUri }, line => {
        if (line.trim() !== '')
            keepLast(lines, line);
    });
    if (code !== 0) {
        // A Python traceback ends with the exception that says what went wrong.
        throw new ProjectRunError(`mlflow artifacts log-artifacts failed (exit code ${code}): ${lines.slice(-2).join(' ')}`);
    }
}

;// CONCATENATED MODULE: ./src/adapters/project/model-registry.ts
/**
 * The ModelRegistry port over MLflow's own Python client: `mlflow.register_model` resolves what
 * a model URI means in every registry (a tracking server's, a local store's, Databricks' Unity
 * Catalog), waits until the version is ready, and records its tags; then the alias is moved.
 */




/**
 * Prints `REGISTRATION {version, previous}`, or `REGISTRATION {code, message}` when MLflow
 * refused. The alias's holder is read first, so that the report can say from which version it
 * moved.
 */
const SCRIPT = `
import json, sys
import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

request = json.loads(sys.argv[1])
client = MlflowClient()
try:
    previous = None
    try:
        previous = client.get_model_version_by_alias(request["name"], request["alias"]).version
    except MlflowException:
        # Only for the report ("moved from version N"): no alias, no model yet, or no read.
        pass
    version = mlflow.register_model(request["modelUri"], request["name"], tags=request["tags"])
    try:
        client.set_registered_model_alias(request["name"], request["alias"], version.version)
    except MlflowException as error:
        print("REGISTRATION " + json.dumps({"code": error.error_code, "message": f"version {version.version} was registered, but @{request['alias']} could not be moved to it: {error}"[:2000]}))
        sys.exit(3)
    print("REGISTRATION " + json.dumps({"version": str(version.version), "previous": None if previous is None else str(previous)}))
except MlflowException as error:
    print("REGISTRATION " + json.dumps({"code": error.error_code, "message": str(error)[:2000]}))
    sys.exit(3)
`;
function mlflowModelRegistry(cli) {
    return {
        async register(request) {
            return registerModel(await cli(), request);
        }
    };
}
async function registerModel(cli, request) {
    const { answer, code, tail } = await runMlflowPython(cli, {
        script: SCRIPT,
        args: [
            JSON.stringify({
                name: request.name,
                alias: request.alias,
                modelUri: request.modelUri,
                tags: request.tags
            })
        ],
        trackingUri: request.trackingUri,
        marker: 'REGISTRATION',
        purpose: 'register with'
    }).catch((error) => {
        throw new RegistryError(errorMessage(error));
    });
    const json = parseAnswer(answer);
    const version = optString(json, 'version');
    if (code === 0 && version !== undefined) {
        const previous = optString(json, 'previous');
        return previous === undefined ? { version } : { version, previousVersion: previous };
    }
    const errorCode = optString(json, 'code');
    const said = optString(json, 'message') ?? tail.slice(-2).join(' ');
    throw new RegistryError(`${redactText(said) || `MLflow exited with code ${code}`}${hint(errorCode, request.name)}`, errorCode);
}
function parseAnswer(answer) {
    try {
        const json = answer === undefined ? undefined : JSON.parse(answer);
        return isObject(json) ? json : {};
    }
    catch {
        return {};
    }
}
/** What to do about a refusal the registry names. */
function hint(errorCode, name) {
    if (errorCode === 'PERMISSION_DENIED' || errorCode === 'UNAUTHENTICATED') {
        return ` The tracking user needs permission to edit the registered model '${name}' (EDIT or MANAGE in MLflow's basic auth; CREATE MODEL VERSION in Unity Catalog): grant it, or use credentials that have it.`;
    }
    return '';
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/adapters/environment.ts
/**
 * Where the numbers were measured: the runner, its CPU and GPU, and the Python and MLflow that
 * ran the project. Runtime, memory and energy metrics mean little without it. Unknown parts are
 * left out; nothing here fails the action.
 */




/** Runs a small command quietly; its trimmed stdout, or undefined if it failed or took long. */
function probe(command, args, env) {
    return new Promise(resolve => {
        const child = (0,external_node_child_process_.execFile)(command, args, { env, timeout: 15000 }, (error, stdout) => {
            resolve(error ? undefined : String(stdout).trim() || undefined);
        });
        child.stdin?.end();
    });
}
/** The CPU model and the number of logical CPUs, e.g. "AMD EPYC 7763 64-Core Processor × 4". */
function describeCpu(cpus) {
    const model = cpus[0]?.model.replace(/\s+/g, ' ').trim();
    if (model === undefined || model === '')
        return cpus.length > 0 ? `${cpus.length} CPUs` : undefined;
    return `${model} × ${cpus.length}`;
}
async function collectEnvironment(env, cli) {
    const runner = env['RUNNER_OS'] && env['RUNNER_ARCH']
        ? `${env['RUNNER_OS']} ${env['RUNNER_ARCH']}`
        : `${external_node_os_default().type()} ${external_node_os_default().arch()}`;
    const environment = { runner, cpu: describeCpu(external_node_os_default().cpus()) };
    const smi = findOnPath('nvidia-smi', env);
    const gpus = smi && (await probe(smi, ['--query-gpu=name', '--format=csv,noheader'], env));
    environment.gpu = gpus
        ? gpus
            .split('\n')
            .map(s => s.trim())
            .filter(Boolean)
            .join(', ')
        : 'none found';
    const python = cli && cliPython(cli);
    if (python !== undefined) {
        const versions = await probe(python, [
            '-c',
            "import sys, importlib.metadata as m; print(sys.version.split()[0], m.version('mlflow'))"
        ], env);
        const [pythonVersion, mlflowVersion] = versions?.split(' ') ?? [];
        if (pythonVersion)
            environment.python = pythonVersion;
        if (mlflowVersion)
            environment.mlflow = mlflowVersion;
    }
    return environment;
}

;// CONCATENATED MODULE: ./src/adapters/project/local-artifacts.ts
/**
 * A run's artifacts in a local directory (the action's own store keeps them beside mlflow.db):
 * written directly, as MLflow's local artifact repository writes them, so that logging a few
 * files starts no Python and, for a run that was only adopted, installs no MLflow.
 */




/**
 * The directory of a local artifact root (`/abs/path` or `file:///abs/path`); undefined for any
 * other store (and for a relative path, which is MLflow's to resolve).
 */
function localArtifactDir(artifactUri) {
    if (artifactUri === undefined || artifactUri === '')
        return undefined;
    if (external_node_path_default().isAbsolute(artifactUri))
        return artifactUri;
    if (!artifactUri.startsWith('file:'))
        return undefined;
    try {
        return (0,external_node_url_.fileURLToPath)(artifactUri);
    }
    catch {
        // A file: URI with a host names another machine: MLflow decides what that means.
        return undefined;
    }
}
/**
 * Copies the files of `dir` into `<root>/<artifactPath>`, replacing files of the same name, as
 * MLflow's LocalArtifactRepository.log_artifacts does (a copy of the tree, existing dirs kept).
 */
function copyArtifacts(dir, root, artifactPath) {
    const target = external_node_path_default().join(root, artifactPath);
    const inside = external_node_path_default().relative(root, target);
    if (inside.startsWith('..') || external_node_path_default().isAbsolute(inside)) {
        throw new ProjectRunError(`The artifact path '${artifactPath}' is not inside the run's artifacts.`);
    }
    try {
        (0,external_node_fs_.mkdirSync)(target, { recursive: true });
        (0,external_node_fs_.cpSync)(dir, target, { recursive: true, force: true });
    }
    catch (error) {
        throw new ProjectRunError(`cannot write to the run's artifact directory ${root}: ${errorMessage(error)}`, undefined, { cause: error });
    }
}

;// CONCATENATED MODULE: ./src/adapters/project/project-runner.ts
/**
 * The ProjectRunner port over the `mlflow` command line. MLflow is looked for (or installed) the
 * first time something needs it, so a run that adopts a logged run from a local store never
 * installs it.
 */



function mlflowResolver(options) {
    let resolved;
    const cli = () => (resolved ??= resolveMlflow(options.commands, options.env, options.log, options.mlflowVersion));
    return Object.assign(cli, { resolved: () => resolved });
}
function mlflowProjectRunner(options, cli = mlflowResolver(options)) {
    return {
        async createExperiment(trackingUri, name, artifactLocation) {
            await createExperiment(await cli(), trackingUri, name, artifactLocation);
        },
        async run(spec) {
            return runProject(await cli(), spec);
        },
        async environment() {
            // The Python and MLflow versions only of an MLflow that ran something here.
            const resolved = cli.resolved();
            return collectEnvironment(options.env, resolved === undefined ? undefined : await resolved);
        },
        async createRun(trackingUri, experimentName, runName, tags) {
            return createRun(await cli(), trackingUri, experimentName, runName, tags);
        },
        async importRuns(request) {
            return importRuns(await cli(), request);
        },
        async pruneRuns(trackingUri, experimentName, keep) {
            return pruneRuns(await cli(), trackingUri, experimentName, keep);
        },
        async logArtifacts(artifacts) {
            // A local artifact root is a directory here: copying into it is all MLflow would do.
            const local = localArtifactDir(artifacts.artifactUri);
            if (local !== undefined)
                return copyArtifacts(artifacts.dir, local, artifacts.artifactPath);
            await logArtifacts(await cli(), artifacts);
        }
    };
}

;// CONCATENATED MODULE: ./src/core/stats/build-bound.ts
/** "No worse than the baseline." */
const SAME_AS_BASELINE = { scale: 1, shift: 0 };
/**
 * The bound of a tolerance on a baseline whose centre is `baselineCentre`, with the semantics of
 * the deterministic rules (compare.ts): a relative allowance a bounds the candidate by
 * b ± a·|b| (toward worse), which is the scale 1 ± a·sign(b); an absolute one by b ± a, the shift
 * ± a. A baseline centre of 0 makes a relative bound 0 (MLflow's epsilon fallback for
 * `min_relative_change` on a zero baseline is the caller's).
 */
function buildBound(tolerance, worse, baselineCentre) {
    const towardWorse = worse === 'greater' ? 1 : -1;
    if (tolerance.kind === 'absolute')
        return { scale: 1, shift: towardWorse * tolerance.allowance };
    return { scale: 1 + towardWorse * tolerance.allowance * Math.sign(baselineCentre), shift: 0 };
}
/** The baseline's values mapped through the bound: scale·y + shift. */
function applyBound(values, bound) {
    return values.map(v => bound.scale * v + bound.shift);
}
/** The bound at one baseline value. */
function boundAt(value, bound) {
    return bound.scale * value + bound.shift;
}

;// CONCATENATED MODULE: ./src/core/stats/describe-sample.ts
function computeMean(values) {
    if (values.length === 0)
        return Number.NaN;
    let sum = 0;
    for (const v of values)
        sum += v;
    const mean = sum / values.length;
    // One correction pass (the mean of the residuals), as careful implementations do.
    let residual = 0;
    for (const v of values)
        residual += v - mean;
    return mean + residual / values.length;
}
/** The sample variance (n − 1); NaN when n < 2. Two-pass, so it is 0 for equal values. */
function computeVariance(values) {
    const n = values.length;
    if (n < 2)
        return Number.NaN;
    const mean = computeMean(values);
    let squares = 0;
    for (const v of values)
        squares += (v - mean) * (v - mean);
    return squares / (n - 1);
}
/** The sample standard deviation (n − 1); NaN when n < 2. */
function computeSd(values) {
    return Math.sqrt(computeVariance(values));
}
/** The values sorted ascending, in a new array. */
function sortAscending(values) {
    return [...values].sort((a, b) => a - b);
}
/** NumPy's default (linear) p-quantile of values already sorted ascending; NaN when empty. */
function computeSortedQuantile(sorted, p) {
    if (!(p >= 0 && p <= 1))
        throw new RangeError(`a quantile's p must be in [0, 1], not ${p}`);
    const n = sorted.length;
    if (n === 0)
        return Number.NaN;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const below = sorted[lo] ?? Number.NaN;
    const above = sorted[Math.min(lo + 1, n - 1)] ?? below;
    return below + (h - lo) * (above - below);
}
/** NumPy's default (linear) p-quantile: `np.quantile(values, p)`. */
function computeQuantile(values, p) {
    return computeSortedQuantile(sortAscending(values), p);
}
function computeMedian(values) {
    return computeQuantile(values, 0.5);
}
/** n, mean, sample sd, median, quartiles and IQR (q3 − q1, linear quartiles). */
function describeSample(values) {
    const sorted = sortAscending(values);
    const q1 = computeSortedQuantile(sorted, 0.25);
    const q3 = computeSortedQuantile(sorted, 0.75);
    return {
        n: values.length,
        mean: computeMean(values),
        sd: computeSd(values),
        median: computeSortedQuantile(sorted, 0.5),
        q1,
        q3,
        iqr: q3 - q1
    };
}
/**
 * Ranks 1…n of the values, ties given their average rank (`scipy.stats.rankdata`), and the sizes
 * of the groups of ties (for the tie corrections of rank tests).
 */
function rankWithTies(values) {
    const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
    const ranks = new Array(values.length).fill(0);
    const ties = [];
    let i = 0;
    while (i < order.length) {
        let j = i;
        const value = values[order[i] ?? 0];
        while (j + 1 < order.length && values[order[j + 1] ?? 0] === value)
            j++;
        const rank = (i + j + 2) / 2;
        for (let k = i; k <= j; k++)
            ranks[order[k] ?? 0] = rank;
        if (j > i)
            ties.push(j - i + 1);
        i = j + 1;
    }
    return { ranks, ties };
}

// EXTERNAL MODULE: ./node_modules/@stdlib/stats-base-dists-normal-cdf/lib/index.js
var lib = __webpack_require__(72484);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
// EXTERNAL MODULE: ./node_modules/@stdlib/stats-base-dists-normal-quantile/lib/index.js
var stats_base_dists_normal_quantile_lib = __webpack_require__(86060);
var stats_base_dists_normal_quantile_lib_default = /*#__PURE__*/__webpack_require__.n(stats_base_dists_normal_quantile_lib);
// EXTERNAL MODULE: ./node_modules/@stdlib/stats-base-dists-t-cdf/lib/index.js
var stats_base_dists_t_cdf_lib = __webpack_require__(86021);
var stats_base_dists_t_cdf_lib_default = /*#__PURE__*/__webpack_require__.n(stats_base_dists_t_cdf_lib);
// EXTERNAL MODULE: ./node_modules/@stdlib/stats-base-dists-t-quantile/lib/index.js
var stats_base_dists_t_quantile_lib = __webpack_require__(74455);
var stats_base_dists_t_quantile_lib_default = /*#__PURE__*/__webpack_require__.n(stats_base_dists_t_quantile_lib);
;// CONCATENATED MODULE: ./src/core/stats/distributions.ts
/**
 * Student-t and standard normal distributions, from stdlib (no hand-written special functions).
 * The packages are CommonJS with `export =` typings, so they import as defaults under NodeNext.
 * Upper tails are taken by symmetry (cdf(−x)), which keeps tiny p-values exact where 1 − cdf(x)
 * would round to 0, as SciPy's `sf` does.
 */




/** P(T ≤ x) for Student's t with df degrees of freedom (df > 0, not necessarily whole). */
function cdfT(x, df) {
    return tCdf(x, df);
}
/** P(T > x): `scipy.stats.t.sf`. */
function sfT(x, df) {
    return stats_base_dists_t_cdf_lib_default()(-x, df);
}
/** Quantiles already computed, for whole df (the common case: a window of K runs has K − 1). */
const T_QUANTILES = new Map();
const T_QUANTILES_KEPT = 4096;
/** The p-quantile of Student's t: `scipy.stats.t.ppf`. Memoised for whole df (pure). */
function distributions_quantileT(p, df) {
    if (!Number.isInteger(df))
        return stats_base_dists_t_quantile_lib_default()(p, df);
    const key = `${p}|${df}`;
    const known = T_QUANTILES.get(key);
    if (known !== undefined)
        return known;
    const q = stats_base_dists_t_quantile_lib_default()(p, df);
    if (T_QUANTILES.size < T_QUANTILES_KEPT)
        T_QUANTILES.set(key, q);
    return q;
}
/** P(Z ≤ x) for the standard normal. */
function cdfNormal(x) {
    return normalCdf(x, 0, 1);
}
/** P(Z > x): `scipy.stats.norm.sf`. */
function sfNormal(x) {
    return lib_default()(-x, 0, 1);
}
/** The p-quantile of the standard normal: `scipy.stats.norm.ppf`. */
function distributions_quantileNormal(p) {
    return stats_base_dists_normal_quantile_lib_default()(p, 0, 1);
}

;// CONCATENATED MODULE: ./src/core/stats/estimate-mde.ts
/**
 * The smallest detectable effect (MDE): how far beyond the bound the candidate's true centre must
 * lie for a one-sided level-α test to breach with 95% power, from the estimated spread and the
 * sample sizes.
 *
 * The test's statistic is T = D / SE: D = candidate centre − bound, SE the test's own estimate
 * of D's spread, with ν degrees of freedom (none for a normal statistic). If D ~ N(Δ, σ_D²), T
 * exceeds c = t₁₋α,ν with power π when (Abramowitz & Stegun 26.7.10, the normal approximation to
 * the noncentral t, with ρ = SE/σ_D):
 *
 *   Δ = c·(1 − 1/(4ν))·SE + z_π·√(σ_D² + SE²·c²/(2ν)).
 *
 * With SE = σ_D this is δ·SE, δ = c(1 − 1/(4ν)) + z_π√(1 + c²/(2ν)): within 2% of the exact
 * noncentral value for ν ≥ 2 at α = 0.01, π = 0.95 (12.05 vs 12.26 at ν = 2, 4.27 at ν = 20),
 * where the textbook z₁₋α + z_π (3.97) is 68% short at ν = 2 and t₁₋α + t_π 19% short. Without
 * ν it is z₁₋α·SE + z_π·σ_D. For two samples SE² = s_p²(1/N + 1/K) (pooled t), s_x²/N + s_y²/K
 * (Welch); one new value against a window: s²(1 + 1/K); pairs: s_d²/N. Rank tests by their normal
 * approximation use the t-type spreads times π/3 (their efficiency relative to t under normal
 * noise is 3/π).
 *
 * A regression multiplies the candidate's level by u, and with it the candidate's spread, as the
 * noise of a time grows with the time (the premise of relative tolerances): σ_D² and SE² are each
 * u²·(candidate's part) + (baseline's part), and the MDE solves (u − 1)·|bound| = Δ(u) for the
 * smallest u (by bisection). They differ in shape: with one candidate run the test's SE is all
 * from the window, while D's spread still grows with the candidate. When the candidate's part
 * grows as fast as the change no change is certain to show and the MDE is ∞. On ln x a regression
 * is a shift and the spreads stay: u = e^(±Δ). The relative MDE is |u − 1|·|bound| / |baseline|:
 * the distance beyond the bound as a fraction of the baseline's centre, so with a relative
 * tolerance t the gate catches a change of t + MDE.
 *
 * Spreads estimated with ν degrees of freedom are made median-unbiased, s² / m_ν with
 * m_ν = (1 − 2/(9ν))³ the median of χ²_ν / ν (Wilson–Hilferty), so the MDE printed on half of
 * the PRs is at least the true one (s alone is 17% low in the median at ν = 2).
 */

/** The power the MDE is quoted at. */
const MDE_POWER = 0.95;
/** δ = Δ/SE when SE is D's spread: c(1 − 1/(4ν)) + z_π√(1 + c²/(2ν)) (see above). */
function computePowerShift(alpha, power, df) {
    const zPower = quantileNormal(power);
    if (df === undefined || !Number.isFinite(df))
        return quantileNormal(1 - alpha) + zPower;
    const c = quantileT(1 - alpha, df);
    return c * (1 - 1 / (4 * df)) + zPower * Math.sqrt(1 + (c * c) / (2 * df));
}
/** The median of χ²_ν / ν, by Wilson–Hilferty: (1 − 2/(9ν))³. */
function medianChiSquareRatio(df) {
    return (1 - 2 / (9 * df)) ** 3;
}
/** π/3: the factor by which a rank test's variance exceeds a t test's under normal noise. */
const RANK_VARIANCE_FACTOR = Math.PI / 3;
/**
 * The relative MDE (see above): ∞ when no change is detectable with that power, undefined when
 * the baseline's centre is 0 or the spread is not a number.
 */
function estimateMde(input) {
    const { df, alpha, boundCentre, baselineCentre, worse } = input;
    if (baselineCentre === 0 || !Number.isFinite(baselineCentre))
        return undefined;
    const unbias = df === undefined || !Number.isFinite(df) ? 1 : 1 / medianChiSquareRatio(df);
    const scaled = (v) => ({
        candidate: v.candidate * unbias,
        baseline: v.baseline * unbias
    });
    const spread = scaled(input.spread);
    const se = scaled(input.standardError ?? input.spread);
    if (![spread.candidate, spread.baseline, se.candidate, se.baseline].every(Number.isFinite)) {
        return undefined;
    }
    const normal = df === undefined || !Number.isFinite(df);
    const c = normal ? distributions_quantileNormal(1 - alpha) : distributions_quantileT(1 - alpha, df);
    const shrink = normal ? 1 : 1 - 1 / (4 * df);
    const inflate = normal ? 0 : (c * c) / (2 * df);
    const zPower = distributions_quantileNormal(MDE_POWER);
    /** Δ(u): the shift beyond the bound the test needs at level u (see above). */
    const needed = (u, logs) => {
        const k = logs ? 1 : u * u;
        const d2 = k * spread.candidate + spread.baseline;
        const s2 = k * se.candidate + se.baseline;
        return c * shrink * Math.sqrt(s2) + zPower * Math.sqrt(d2 + s2 * inflate);
    };
    let change;
    if (input.logScale === true) {
        const shift = needed(1, true);
        change = worse === 'greater' ? Math.expm1(shift) : -Math.expm1(-shift);
    }
    else {
        if (boundCentre === 0)
            return undefined;
        const bound = Math.abs(boundCentre);
        const found = solveChange(t => t * bound - needed(toLevel(t, worse), false), needed(1, false) / bound, worse);
        if (found === undefined)
            return Number.POSITIVE_INFINITY;
        change = found;
    }
    return (change * Math.abs(boundCentre)) / Math.abs(baselineCentre);
}
function toLevel(change, worse) {
    return worse === 'greater' ? 1 + change : 1 - change;
}
/**
 * The smallest relative change t > 0 with gap(t) ≥ 0, where gap(0) < 0. `guess` is the answer
 * for a spread that does not grow: upward the answer is at least that (the spread only grows),
 * so the search doubles from it until gap ≥ 0 (up to 10⁷: none); downward it is at most that
 * (and at most 1: the level cannot fall below 0). Then bisection, to 10⁻⁹ relative.
 */
function solveChange(gap, guess, worse) {
    let low = 0;
    let high;
    if (worse === 'greater') {
        high = guess;
        while (gap(high) < 0) {
            if (high >= 1e7)
                return undefined;
            low = high;
            high *= 2;
        }
    }
    else {
        high = Math.min(guess, 1);
        if (gap(high) < 0)
            return undefined;
    }
    while (high - low > 1e-9 * high) {
        const mid = (low + high) / 2;
        if (gap(mid) < 0)
            low = mid;
        else
            high = mid;
    }
    return high;
}

;// CONCATENATED MODULE: ./src/core/stats/predict-limit.ts
/**
 * Prediction limits: how far in the worse direction one new value may lie before it is out of
 * line with a window of K values, at level α. The window is passed already mapped through the
 * rule's bound (`applyBound`), so the limit is the rule's limit. Bencher's models:
 *
 * - `t`: ȳ ± t₁₋α,K₋₁ · s · √(1 + 1/K), the exact prediction interval for one new value from a
 *   normal sample (its mean and spread both estimated);
 * - `log-normal`: the t model on ln y, limit exp(mean ± t₁₋α,K₋₁ · s_ln · √(1 + 1/K)); strictly
 *   positive windows only;
 * - `z`: ȳ ± z₁₋α · s (Normal(mean, s); it ignores that both are estimated, so for small K it
 *   fires more often than α);
 * - `iqr`: median ± k · IQR with k = z₁₋α / (2·z₀.₇₅) = z₁₋α / 1.349 (2.326 / 1.349 = 1.724 at
 *   α = 0.01): for normal data IQR / 1.349 estimates σ, so this is the z model made robust to
 *   outliers in the window, with the same small-K caveat;
 * - `percentage`: the window's mean itself (the rule's tolerance is the only margin).
 *
 * "±" is + when the metric gets worse upward and − when it gets worse downward.
 */


/** The IQR multiplier for a level: z₁₋α / (2·z₀.₇₅). */
function iqrMultiplier(alpha) {
    return distributions_quantileNormal(1 - alpha) / (2 * distributions_quantileNormal(0.75));
}
/**
 * The prediction limit of one new value against `window` (already mapped through the bound).
 * `t`, `log-normal` and `z` need K ≥ 2; `log-normal` strictly positive values.
 */
function predictLimit(window, model, worse, alpha) {
    const k = window.length;
    const towardWorse = worse === 'greater' ? 1 : -1;
    switch (model) {
        case 'percentage':
            return computeMean(window);
        case 'iqr': {
            const { median, iqr } = describeSample(window);
            return median + towardWorse * iqrMultiplier(alpha) * iqr;
        }
        case 'z':
            needsTwo(k, model);
            return computeMean(window) + towardWorse * distributions_quantileNormal(1 - alpha) * computeSd(window);
        case 't': {
            needsTwo(k, model);
            const margin = distributions_quantileT(1 - alpha, k - 1) * computeSd(window) * Math.sqrt(1 + 1 / k);
            return computeMean(window) + towardWorse * margin;
        }
        case 'log-normal': {
            needsTwo(k, model);
            if (!window.every(v => v > 0)) {
                throw new RangeError('the log-normal model needs strictly positive values');
            }
            const logs = window.map(Math.log);
            const margin = distributions_quantileT(1 - alpha, k - 1) * computeSd(logs) * Math.sqrt(1 + 1 / k);
            return Math.exp(computeMean(logs) + towardWorse * margin);
        }
    }
}
function needsTwo(k, model) {
    if (k < 2)
        throw new RangeError(`the ${model} model needs a window of at least 2 values`);
}

;// CONCATENATED MODULE: ./src/core/stats/test-samples.ts
/**
 * One-sided tests of two centres, and of one centre against a number. Each tests its first sample
 * against its second as given: to test against a rule's bound, pass the baseline transformed by
 * `applyBound` (see build-bound.ts). `alternative: 'greater'` is H1 "the first sample's centre is
 * greater". Each matches the SciPy call named beside it.
 */


function oneSided(statistic, alternative, sf) {
    return alternative === 'greater' ? sf(statistic) : sf(-statistic);
}
/** A sample's variance, 0 for a single value (it adds no degrees of freedom when pooled). */
function varianceOrZero(values) {
    return values.length < 2 ? 0 : computeVariance(values);
}
/**
 * Student's t with pooled variance: `scipy.stats.ttest_ind(x, y, equal_var=True, alternative=…)`.
 * df = N + K − 2; a single value on one side adds no degrees of freedom, so with N = 1 this is the
 * t prediction interval for one new value from the window y (Bencher's t model): the statistic
 * is (x − ȳ) / (s_y·√(1 + 1/K)) with K − 1 degrees of freedom. Needs N + K ≥ 3.
 */
function testStudentT(x, y, alternative) {
    const n = x.length;
    const k = y.length;
    const df = n + k - 2;
    if (n < 1 || k < 1 || df < 1)
        throw new RangeError('Student t needs N + K ≥ 3 values');
    const pooled = ((n - 1) * varianceOrZero(x) + (k - 1) * varianceOrZero(y)) / df;
    const standardError = Math.sqrt(pooled * (1 / n + 1 / k));
    const difference = computeMean(x) - computeMean(y);
    const statistic = difference / standardError;
    const pValue = oneSided(statistic, alternative, s => sfT(s, df));
    return { statistic, pValue, df, standardError, difference };
}
/**
 * Welch's t: `scipy.stats.ttest_ind(x, y, equal_var=False, alternative=…)`, with the
 * Welch–Satterthwaite degrees of freedom (s_x²/N + s_y²/K)² / ((s_x²/N)²/(N−1) + (s_y²/K)²/(K−1)).
 * Needs N ≥ 2 and K ≥ 2.
 */
function testWelchT(x, y, alternative) {
    const n = x.length;
    const k = y.length;
    if (n < 2 || k < 2)
        throw new RangeError("Welch's t needs at least 2 values a side");
    const vx = computeVariance(x) / n;
    const vy = computeVariance(y) / k;
    const df = (vx + vy) ** 2 / (vx ** 2 / (n - 1) + vy ** 2 / (k - 1));
    const standardError = Math.sqrt(vx + vy);
    const difference = computeMean(x) - computeMean(y);
    const statistic = difference / standardError;
    const pValue = oneSided(statistic, alternative, s => sfT(s, df));
    return { statistic, pValue, df, standardError, difference };
}
/**
 * One-sample t of the mean against `mu`: `scipy.stats.ttest_1samp(x, mu, alternative=…)`; on
 * differences it is the paired t (`scipy.stats.ttest_rel(a, b)` is this on a − b). Needs N ≥ 2.
 */
function testOneSampleT(x, mu, alternative) {
    const n = x.length;
    if (n < 2)
        throw new RangeError('a one-sample t needs at least 2 values');
    const df = n - 1;
    const standardError = Math.sqrt(computeVariance(x) / n);
    const difference = computeMean(x) - mu;
    const statistic = difference / standardError;
    const pValue = oneSided(statistic, alternative, s => sfT(s, df));
    return { statistic, pValue, df, standardError, difference };
}
/**
 * Mann–Whitney U by its normal approximation with the tie and continuity corrections:
 * `scipy.stats.mannwhitneyu(x, y, use_continuity=True, alternative=…, method='asymptotic')`.
 * U = R_x − N(N+1)/2 for H1 greater (N·K − that for less), z = (U − NK/2 − ½) / σ_U with
 * σ_U² = NK/12 · ((N+K+1) − Σ(t³ − t)/((N+K)(N+K−1))) over the groups of t ties.
 *
 * Where the exact test differs: for small samples without ties the exact null distribution of U
 * (SciPy's `method='exact'`) gives other p-values, and its smallest one-sided p is 1/C(N+K, N)
 * (`smallestMannWhitneyP`), which for N = 1 is 1/(K + 1): one run against 20 can never reach
 * α = 0.01 with an exact rank test. All values tied: σ_U = 0 and the p-value is NaN.
 */
function testMannWhitney(x, y, alternative) {
    const n = x.length;
    const k = y.length;
    if (n < 1 || k < 1)
        throw new RangeError('Mann–Whitney U needs a value on each side');
    const { ranks, ties } = rankWithTies([...x, ...y]);
    let rankSum = 0;
    for (let i = 0; i < n; i++)
        rankSum += ranks[i] ?? 0;
    const u1 = rankSum - (n * (n + 1)) / 2;
    const u = alternative === 'greater' ? u1 : n * k - u1;
    const total = n + k;
    const tieTerm = ties.reduce((sum, t) => sum + t ** 3 - t, 0);
    const sigma = Math.sqrt(((n * k) / 12) * (total + 1 - tieTerm / (total * (total - 1))));
    const statistic = (u - (n * k) / 2 - 0.5) / sigma;
    const pValue = Math.min(1, Math.max(0, sfNormal(statistic)));
    return { statistic: u1, pValue };
}
/** The smallest one-sided p-value an exact Mann–Whitney U can give for N and K distinct values. */
function smallestMannWhitneyP(n, k) {
    // 1 / C(n + k, n), as a product to stay finite.
    let p = 1;
    for (let i = 1; i <= n; i++)
        p *= i / (k + i);
    return p;
}
/**
 * Wilcoxon signed-rank by its normal approximation, zeros dropped (`zero_method='wilcox'`), ties
 * corrected, with the continuity correction: `scipy.stats.wilcoxon(d, zero_method='wilcox',
 * correction=True, alternative=…, method='asymptotic')`. T⁺ is the sum of the ranks of |d| over
 * the positive d; z = (T⁺ − m(m+1)/4 ∓ ½) / σ with σ² = (m(m+1)(2m+1) − ½Σ t(t² − 1)) / 24 over the
 * m non-zero differences and their groups of t tied |d|.
 *
 * The exact test's smallest one-sided p is 1/2^m (`smallestWilcoxonP`): with 5 pairs it is 1/32,
 * so no Wilcoxon test can reject at α = 0.01 with 5 pairs; the approximation's own smallest p is
 * larger still for small m (0.0113 for m = 7). No non-zero difference: the p-value is NaN.
 */
function testWilcoxon(differences, alternative) {
    const nonZero = differences.filter(d => d !== 0);
    const m = nonZero.length;
    if (m === 0)
        return { statistic: 0, pValue: Number.NaN };
    const { ranks, ties } = rankWithTies(nonZero.map(Math.abs));
    let plus = 0;
    for (let i = 0; i < m; i++)
        if ((nonZero[i] ?? 0) > 0)
            plus += ranks[i] ?? 0;
    const tieTerm = ties.reduce((sum, t) => sum + t * (t * t - 1), 0);
    const sigma = Math.sqrt((m * (m + 1) * (2 * m + 1) - tieTerm / 2) / 24);
    const centred = plus - (m * (m + 1)) / 4;
    const corrected = alternative === 'greater' ? centred - 0.5 : centred + 0.5;
    const statistic = corrected / sigma;
    const pValue = oneSided(statistic, alternative, sfNormal);
    return { statistic: plus, pValue };
}
/**
 * The smallest one-sided p-values of Wilcoxon's signed-rank test with m non-zero, untied
 * differences: the exact test's 1/2^m, and the normal approximation's (all ranks on one side).
 */
function smallestWilcoxonP(m) {
    const mean = (m * (m + 1)) / 4;
    const sigma = Math.sqrt((m * (m + 1) * (2 * m + 1)) / 24);
    return { exact: 2 ** -m, approximate: sfNormal((mean - 0.5) / sigma) };
}

;// CONCATENATED MODULE: ./src/core/stats/decide-breach.ts
/**
 * One metric's decision: is the candidate worse than the rule's bound on the baseline, at level α?
 *
 * H0: the candidate's centre is no worse than `scale · baseline + shift`; H1: it is worse. The
 * test runs on the candidate against the baseline mapped through the bound (build-bound.ts),
 * one-sided, so a no-op change fires with probability ≤ α per metric, and a change beyond the
 * tolerance that the data cannot confirm is `inconclusive`, not a failure.
 *
 * `auto` chooses by what exists:
 * - one run a side (K = 1, N = 1): no noise estimate; the rule on the values as they are (today's
 *   deterministic behaviour), `noiseEstimate: false`;
 * - no spread on either side (every side with ≥ 2 values has them all equal: exact metrics with
 *   fixed seeds): the same deterministic rule on the centres, `noiseEstimate: false`, mde 0;
 * - unpaired, otherwise: Student's t with pooled variance, N + K − 2 df. With N = 1 this is
 *   Bencher's t prediction interval (mean ± t₁₋α,K₋₁·s·√(1 + 1/K)); with K = 1 the spread comes
 *   from the candidate's runs. When every value is > 0 the same test also runs on ln x (the
 *   log-normal model) and a breach needs both to agree: each model holds α when the noise follows
 *   it (normal, or log-normal: times, skewed positive measures), so their conjunction holds α under
 *   either, where the t model alone fires 2–3× too often on log-normal noise at CV 30% and the
 *   log-normal model alone as often on normal noise in the lower tail;
 * - pairs: the paired t on ln(candidate / bound) when every value is > 0 (runner-to-runner noise
 *   cancels exactly when it is multiplicative), else on candidate − bound; one pair: deterministic.
 *
 * Why not Welch's t for N ≥ 2: with few candidate runs against a long window (N = 3, K ≥ 20) its
 * Satterthwaite df are too generous and it fires at 2.3% for α = 1% on normal noise; under a no-op
 * change both sides have one variance, which the pooled t assumes, exactly. `welch` stays
 * available by name. bench/verdicts.ts measures all of this.
 */






const DEFAULT_ALPHA = 0.01;
/**
 * Decides one metric. Throws a RangeError for an empty side, α outside (0, 0.5), a non-finite
 * bound, pairs of unequal length, or a paired method without pairs.
 */
function decideBreach(question) {
    const alpha = question.alpha ?? DEFAULT_ALPHA;
    const bound = question.bound ?? SAME_AS_BASELINE;
    const method = question.method ?? 'auto';
    if (!(alpha > 0 && alpha < 0.5))
        throw new RangeError(`alpha must be in (0, 0.5), not ${alpha}`);
    if (!Number.isFinite(bound.scale) || !Number.isFinite(bound.shift)) {
        throw new RangeError(`the bound must be finite, not ${JSON.stringify(bound)}`);
    }
    if (question.candidate.length === 0 || question.baseline.length === 0) {
        throw new RangeError('decideBreach needs at least one candidate and one baseline value');
    }
    const notes = [];
    const pairedMethod = method === 'paired-t' || method === 'paired-log-t' || method === 'wilcoxon';
    if (pairedMethod && question.paired !== true) {
        throw new RangeError(`the ${method} method needs paired runs`);
    }
    let decided;
    if (question.paired === true) {
        if (question.candidate.length !== question.baseline.length) {
            throw new RangeError(`pairs need as many candidate values as baseline values, not ${question.candidate.length} and ${question.baseline.length}`);
        }
        const [x, y] = pairsWithoutNaN(question.candidate, question.baseline, notes);
        const context = { x, y, bound, worse: question.worse, alpha, notes };
        if (method === 'auto' || pairedMethod) {
            decided = decidePaired(context, method);
        }
        else {
            notes.push('the pairs were compared as two independent samples');
            decided = decideUnpaired(context, method, false);
        }
    }
    else {
        const x = withoutNaN(question.candidate, 'candidate', notes);
        const y = withoutNaN(question.baseline, 'baseline', notes);
        const context = { x, y, bound, worse: question.worse, alpha, notes };
        decided = decideUnpaired(context, method, question.repeatsOnOneRunner === true);
    }
    return { ...decided, notes };
}
// ---------------------------------------------------------------------------------------------
// Unpaired
function decideUnpaired(context, method, oneRunner) {
    const { y, bound, notes } = context;
    let { x } = context;
    const unusable = unusableSide(x, y);
    if (unusable !== undefined)
        return decideAsIs(context, unusable);
    if (oneRunner && x.length > 1) {
        notes.push(`the ${x.length} repeats ran on one runner: their mean is judged as one run against the window's spread`);
        x = [computeMean(x)];
    }
    const n = x.length;
    const k = y.length;
    if (method === 'static')
        return decideStatic(context, x);
    if (method === 'percentage')
        return decidePercentage(context, x);
    if (n === 1 && k === 1) {
        return decideAsIs({ ...context, x }, 'one run a side: no noise estimate, the rule was applied to the values as they are');
    }
    if (isConstant(x) && isConstant(y)) {
        return decideExact({ ...context, x }, `no spread in the ${n} + ${k} runs (an exact metric)`);
    }
    if (bound.scale === 0)
        return decideAgainstConstant({ ...context, x });
    const mapped = applyBound(y, bound);
    const positive = x.every(v => v > 0) && mapped.every(v => v > 0) && y.every(v => v > 0);
    const ctx = { ...context, x };
    switch (method) {
        case 'auto':
            return decideStudent(ctx, mapped, positive ? 'both' : 'values', oneRunner);
        case 't':
            return decideStudent(ctx, mapped, 'values', oneRunner);
        case 'log-normal':
            if (!positive) {
                notes.push('the log-normal model needs values > 0: the t model was used');
                return decideStudent(ctx, mapped, 'values', oneRunner);
            }
            return decideStudent(ctx, mapped, 'logs', oneRunner);
        case 'welch':
            if (n < 2 || k < 2) {
                notes.push("Welch's t needs 2 runs a side: Student's t was used");
                return decideStudent(ctx, mapped, 'values', oneRunner);
            }
            return decideWelch(ctx, mapped);
        case 'mann-whitney':
            return decideMannWhitney(ctx, mapped);
        case 'z':
        case 'iqr':
            if (k < 2) {
                notes.push(`the ${method} model needs a window of 2 runs: Student's t was used`);
                return decideStudent(ctx, mapped, 'values', oneRunner);
            }
            return decideLimit(ctx, mapped, method);
        default:
            throw new RangeError(`the ${method} method needs paired runs`);
    }
}
/** Student's t (pooled) on values, on logs, or on both (a breach needs both). */
function decideStudent(context, mapped, scale, oneRunner) {
    const { x, y, worse } = context;
    const n = x.length;
    const k = y.length;
    const values = { x, y, mapped };
    const logs = scale === 'values'
        ? undefined
        : { x: x.map(Math.log), y: y.map(Math.log), mapped: mapped.map(Math.log) };
    const models = [];
    if (scale !== 'logs')
        models.push(runStudent(context, values, false));
    if (logs !== undefined)
        models.push(runStudent(context, logs, true));
    const centres = scale === 'logs' && logs !== undefined ? logs : values;
    const centre = (v) => centres === values ? computeMean(v) : Math.exp(computeMean(v));
    const candidateCentre = centre(centres.x);
    const baselineCentre = centre(centres.y);
    const boundCentre = centre(centres.mapped);
    const breach = models.every(m => m.pValue <= context.alpha);
    const significantlyBetter = models.every(m => m.betterP <= context.alpha);
    const pValue = Math.max(...models.map(m => m.pValue));
    const beyond = isWorse(candidateCentre, boundCentre, worse);
    const limits = models.map(m => m.limit).filter(isNumber);
    const limit = n === 1 && limits.length > 0
        ? worse === 'greater'
            ? Math.max(...limits)
            : Math.min(...limits)
        : undefined;
    const words = scale === 'both' ? ' on values and logs' : scale === 'logs' ? ' on logs (log-normal)' : '';
    const method = oneRunner
        ? `t prediction interval${words}, the mean of repeats on one runner vs a window of ${k}`
        : n === 1
            ? `t prediction interval${words}, 1 run vs a window of ${k}`
            : k === 1
                ? `Student's t${words}, ${n} runs vs 1 (spread from the candidate's runs)`
                : `Student's t${words}, ${n} vs ${k} runs`;
    return {
        outcome: outcomeOf(breach, beyond),
        significantlyBetter,
        test: scale === 'logs' ? 'log-normal' : 't',
        method,
        pValue,
        ...(limit === undefined ? {} : { limit }),
        candidateCentre,
        baselineCentre,
        boundCentre,
        ...unionInterval(models),
        ...maxMde(models),
        noiseEstimate: true
    };
}
/** One model of `decideStudent`: the pooled t on the sides as given (`logs`: they are ln x). */
function runStudent(context, sides, logs) {
    const { worse, alpha } = context;
    const { x, y, mapped } = sides;
    const test = testStudentT(x, mapped, worse);
    const plain = testStudentT(x, y, opposite(worse));
    const back = logs ? Math.exp : (v) => v;
    const boundCentre = back(computeMean(mapped));
    const baselineCentre = back(computeMean(y));
    // One run against the window: the t prediction limit (on ln x it is the log-normal model's).
    const limit = x.length === 1 ? back(predictLimit(mapped, 't', worse, alpha)) : undefined;
    const mde = estimateMde({
        ...(logs ? fixedSpread(test) : pooledSpreads(test, x.length, y.length)),
        df: test.df ?? Number.NaN,
        alpha,
        boundCentre,
        baselineCentre,
        worse,
        logScale: logs
    });
    return {
        pValue: test.pValue,
        betterP: plain.pValue,
        interval: relativeInterval(plain, alpha, logs ? undefined : baselineCentre),
        ...(mde === undefined ? {} : { mde }),
        ...(limit === undefined ? {} : { limit })
    };
}
function decideWelch(context, mapped) {
    const { x, y, worse, alpha } = context;
    const test = testWelchT(x, mapped, worse);
    const plain = testWelchT(x, y, opposite(worse));
    const baselineCentre = computeMean(y);
    const candidateCentre = computeMean(x);
    const boundCentre = computeMean(mapped);
    const mde = estimateMde({
        spread: {
            candidate: computeVariance(x) / x.length,
            baseline: computeVariance(mapped) / mapped.length
        },
        df: test.df ?? Number.NaN,
        alpha,
        boundCentre,
        baselineCentre,
        worse
    });
    const interval = relativeInterval(plain, alpha, baselineCentre);
    return {
        outcome: outcomeOf(test.pValue <= alpha, isWorse(candidateCentre, boundCentre, worse)),
        significantlyBetter: plain.pValue <= alpha,
        test: 'welch',
        method: `Welch's t, ${x.length} vs ${y.length} runs`,
        pValue: test.pValue,
        candidateCentre,
        baselineCentre,
        boundCentre,
        ...(interval === undefined ? {} : { interval }),
        ...(mde === undefined ? {} : { mde }),
        noiseEstimate: true
    };
}
function decideMannWhitney(context, mapped) {
    const { x, y, worse, alpha, notes } = context;
    const n = x.length;
    const k = y.length;
    const test = testMannWhitney(x, mapped, worse);
    const plain = testMannWhitney(x, y, opposite(worse));
    const smallest = smallestMannWhitneyP(n, k);
    if (smallest > alpha) {
        notes.push(`Mann–Whitney U cannot reach α = ${alpha} with ${n} vs ${k} runs: the exact test's smallest p is ${formatP(smallest)}`);
    }
    const candidateCentre = computeMedian(x);
    const baselineCentre = computeMedian(y);
    const boundCentre = computeMedian(mapped);
    const pooled = pooledSpreads(testStudentT(x, mapped, worse), n, k);
    const mde = estimateMde({
        spread: scaleSplit(pooled.spread, RANK_VARIANCE_FACTOR),
        standardError: scaleSplit(pooled.standardError, RANK_VARIANCE_FACTOR),
        alpha,
        boundCentre: computeMean(mapped),
        baselineCentre: computeMean(y),
        worse
    });
    return {
        outcome: outcomeOf(test.pValue <= alpha, isWorse(candidateCentre, boundCentre, worse)),
        significantlyBetter: plain.pValue <= alpha,
        test: 'mann-whitney',
        method: `Mann–Whitney U, ${n} vs ${k} runs`,
        pValue: test.pValue,
        candidateCentre,
        baselineCentre,
        boundCentre,
        ...(mde === undefined ? {} : { mde }),
        noiseEstimate: true
    };
}
/** The z and IQR prediction limits for the candidate's centre (mean for z, median for IQR). */
function decideLimit(context, mapped, model) {
    const { x, y, worse, alpha } = context;
    const n = x.length;
    const k = y.length;
    const towardWorse = worse === 'greater' ? 1 : -1;
    const candidateCentre = model === 'z' ? computeMean(x) : computeMedian(x);
    const baselineCentre = model === 'z' ? computeMean(y) : computeMedian(y);
    const boundCentre = model === 'z' ? computeMean(mapped) : computeMedian(mapped);
    const window = describeSample(mapped);
    const plainWindow = describeSample(y);
    // The spread of the compared centre: s/√N for the z model's mean, IQR/1.349 for the IQR model.
    const spreadOf = (w) => model === 'z' ? w.sd / Math.sqrt(n) : w.iqr / (2 * distributions_quantileNormal(0.75));
    const spread = spreadOf(window);
    const limit = model === 'z'
        ? boundCentre + towardWorse * distributions_quantileNormal(1 - alpha) * spread
        : predictLimit(mapped, 'iqr', worse, alpha);
    const plainLimit = model === 'z'
        ? baselineCentre - towardWorse * distributions_quantileNormal(1 - alpha) * spreadOf(plainWindow)
        : plainWindow.median - towardWorse * iqrMultiplier(alpha) * plainWindow.iqr;
    const statistic = (towardWorse * (candidateCentre - boundCentre)) / spread;
    // σ̂: s for z, IQR/1.349 for IQR; the limit's margin is z₁₋α·σ̂/√N (z) or z₁₋α·σ̂ (IQR).
    const sigma2 = (model === 'z' ? window.sd : window.iqr / (2 * distributions_quantileNormal(0.75))) ** 2;
    const mde = estimateMde({
        spread: { candidate: sigma2 / n, baseline: sigma2 / k },
        standardError: { candidate: 0, baseline: spread * spread },
        alpha,
        boundCentre,
        baselineCentre,
        worse
    });
    const interval = model === 'z' && baselineCentre !== 0
        ? zInterval(candidateCentre - baselineCentre, spreadOf(plainWindow), alpha, baselineCentre)
        : undefined;
    return {
        outcome: outcomeOf(isWorse(candidateCentre, limit, worse), isWorse(candidateCentre, boundCentre, worse)),
        significantlyBetter: isWorse(plainLimit, candidateCentre, worse),
        test: model,
        method: model === 'z'
            ? `z prediction limit, ${runs(n)} vs a window of ${k}`
            : `IQR limit (median ± ${iqrMultiplier(alpha).toFixed(2)}·IQR), ${runs(n)} vs a window of ${k}`,
        ...(model === 'z' ? { pValue: sfNormal(statistic) } : {}),
        limit,
        candidateCentre,
        baselineCentre,
        boundCentre,
        ...(interval === undefined ? {} : { interval }),
        ...(mde === undefined ? {} : { mde }),
        noiseEstimate: true
    };
}
/** A bound that does not depend on the baseline (scale 0): the candidate's mean against it. */
function decideAgainstConstant(context) {
    const { x, y, bound, worse, alpha, notes } = context;
    if (x.length < 2 || isConstant(x)) {
        notes.push('the bound does not depend on the baseline and the candidate has no spread');
        return decideAsIs(context, undefined);
    }
    const test = testOneSampleT(x, bound.shift, worse);
    const plain = testOneSampleT(x, computeMean(y), opposite(worse));
    const candidateCentre = computeMean(x);
    const baselineCentre = computeMean(y);
    const mde = estimateMde({
        spread: { candidate: (test.standardError ?? Number.NaN) ** 2, baseline: 0 },
        df: test.df ?? Number.NaN,
        alpha,
        boundCentre: bound.shift,
        baselineCentre,
        worse
    });
    return {
        outcome: outcomeOf(test.pValue <= alpha, isWorse(candidateCentre, bound.shift, worse)),
        significantlyBetter: plain.pValue <= alpha,
        test: 't',
        method: `one-sample t, ${x.length} runs vs a fixed bound`,
        pValue: test.pValue,
        candidateCentre,
        baselineCentre,
        boundCentre: bound.shift,
        ...(mde === undefined ? {} : { mde }),
        noiseEstimate: true
    };
}
// ---------------------------------------------------------------------------------------------
// Pairs
function decidePaired(context, method) {
    const { x, y, bound, worse, alpha, notes } = context;
    const m = x.length;
    const unusable = unusableSide(x, y);
    if (unusable !== undefined)
        return decideAsIs(context, unusable);
    if (m === 1) {
        return decideAsIs(context, 'one pair: no noise estimate, the rule was applied to the values as they are');
    }
    const mapped = applyBound(y, bound);
    const positive = x.every(v => v > 0) && y.every(v => v > 0) && mapped.every(v => v > 0);
    let test = method === 'wilcoxon'
        ? 'wilcoxon'
        : method === 'paired-t' || !positive
            ? 'paired-t'
            : 'paired-log-t';
    if (method === 'paired-log-t' && !positive) {
        notes.push('the log ratios need values > 0: the paired t on differences was used');
        test = 'paired-t';
    }
    const logs = test === 'paired-log-t';
    const differences = x.map((v, i) => logs ? Math.log(v) - Math.log(mapped[i] ?? Number.NaN) : v - (mapped[i] ?? Number.NaN));
    const plainDifferences = x.map((v, i) => logs ? Math.log(v) - Math.log(y[i] ?? Number.NaN) : v - (y[i] ?? Number.NaN));
    const centre = logs ? geometricMean : test === 'wilcoxon' ? computeMedian : computeMean;
    const candidateCentre = centre(x);
    const baselineCentre = centre(y);
    const boundCentre = centre(mapped);
    if (isConstant(differences)) {
        notes.push(`the ${m} pairs differ by the same amount (an exact metric)`);
        const beyond = isWorse(differences[0] ?? 0, 0, worse);
        const better = isWorse(0, plainDifferences[0] ?? 0, worse);
        return {
            outcome: beyond ? 'breach' : 'no-breach',
            significantlyBetter: better,
            test: 'deterministic',
            method: `deterministic, ${m} pairs (no spread: exact metric)`,
            candidateCentre,
            baselineCentre,
            boundCentre,
            mde: 0,
            noiseEstimate: false
        };
    }
    const meanY = computeMean(y);
    if (test === 'wilcoxon') {
        const result = testWilcoxon(differences, worse);
        const plain = testWilcoxon(plainDifferences, opposite(worse));
        const smallest = smallestWilcoxonP(differences.filter(d => d !== 0).length);
        if (smallest.approximate > alpha) {
            notes.push(`Wilcoxon's signed-rank test cannot reach α = ${alpha} with ${m} pairs: its smallest p is ${formatP(smallest.approximate)} (exact test: ${formatP(smallest.exact)})`);
        }
        const mde = estimateMde({
            spread: { candidate: 0, baseline: (computeVariance(differences) / m) * RANK_VARIANCE_FACTOR },
            alpha,
            boundCentre: computeMean(mapped),
            baselineCentre: meanY,
            worse
        });
        return {
            outcome: outcomeOf(result.pValue <= alpha, isWorse(computeMedian(differences), 0, worse)),
            significantlyBetter: plain.pValue <= alpha,
            test,
            method: `Wilcoxon signed-rank, ${m} pairs`,
            pValue: result.pValue,
            candidateCentre,
            baselineCentre,
            boundCentre,
            ...(mde === undefined ? {} : { mde }),
            noiseEstimate: true
        };
    }
    const result = testOneSampleT(differences, 0, worse);
    const plain = testOneSampleT(plainDifferences, 0, opposite(worse));
    const mde = estimateMde({
        ...fixedSpread(result),
        df: result.df ?? Number.NaN,
        alpha,
        boundCentre: logs ? boundCentre : computeMean(mapped),
        baselineCentre: logs ? geometricMean(y) : meanY,
        worse,
        logScale: logs
    });
    const interval = relativeInterval(plain, alpha, logs ? undefined : meanY);
    return {
        outcome: outcomeOf(result.pValue <= alpha, isWorse(computeMean(differences), 0, worse)),
        significantlyBetter: plain.pValue <= alpha,
        test,
        method: logs ? `paired t on log ratios, ${m} pairs` : `paired t, ${m} pairs`,
        pValue: result.pValue,
        candidateCentre,
        baselineCentre,
        boundCentre,
        ...(interval === undefined ? {} : { interval }),
        ...(mde === undefined ? {} : { mde }),
        noiseEstimate: true
    };
}
// ---------------------------------------------------------------------------------------------
// Without a noise model
/** The rule on the values as they are (medians for several): today's deterministic decision. */
function decideAsIs(context, note) {
    if (note !== undefined)
        context.notes.push(note);
    const candidateCentre = centreOrNaN(context.x);
    const baselineCentre = centreOrNaN(context.y);
    const boundCentre = boundAt(baselineCentre, context.bound);
    return {
        outcome: breachesAsIs(candidateCentre, boundCentre, context.worse) ? 'breach' : 'no-breach',
        significantlyBetter: false,
        test: 'deterministic',
        method: `deterministic, ${runs(context.x.length)} vs ${context.y.length} (no noise estimate)`,
        candidateCentre,
        baselineCentre,
        boundCentre,
        noiseEstimate: false
    };
}
/** No spread anywhere: the change is exact, so any change is real. */
function decideExact(context, note) {
    context.notes.push(note);
    const candidateCentre = centreOrNaN(context.x);
    const baselineCentre = centreOrNaN(context.y);
    const boundCentre = boundAt(baselineCentre, context.bound);
    return {
        outcome: breachesAsIs(candidateCentre, boundCentre, context.worse) ? 'breach' : 'no-breach',
        significantlyBetter: isWorse(baselineCentre, candidateCentre, context.worse),
        test: 'deterministic',
        method: `deterministic, ${context.x.length} vs ${context.y.length} runs (no spread: exact metric)`,
        candidateCentre,
        baselineCentre,
        boundCentre,
        mde: 0,
        noiseEstimate: false
    };
}
/** `static`: the rule applied to the medians, no noise model. */
function decideStatic(context, x) {
    const candidateCentre = centreOrNaN(x);
    const baselineCentre = centreOrNaN(context.y);
    const boundCentre = boundAt(baselineCentre, context.bound);
    return {
        outcome: breachesAsIs(candidateCentre, boundCentre, context.worse) ? 'breach' : 'no-breach',
        significantlyBetter: false,
        test: 'static',
        method: `the rule on the medians, ${runs(x.length)} vs ${context.y.length} (no noise model)`,
        candidateCentre,
        baselineCentre,
        boundCentre,
        noiseEstimate: false
    };
}
/** `percentage`: the candidate's mean against the bound on the window's mean, no noise model. */
function decidePercentage(context, x) {
    const candidateCentre = computeMean(x);
    const baselineCentre = computeMean(context.y);
    const limit = predictLimit(applyBound(context.y, context.bound), 'percentage', context.worse, context.alpha);
    return {
        outcome: breachesAsIs(candidateCentre, limit, context.worse) ? 'breach' : 'no-breach',
        significantlyBetter: false,
        test: 'percentage',
        method: `the rule on the means, ${runs(x.length)} vs a window of ${context.y.length} (no noise model)`,
        limit,
        candidateCentre,
        baselineCentre,
        boundCentre: limit,
        noiseEstimate: false
    };
}
// ---------------------------------------------------------------------------------------------
// Helpers
/**
 * A pooled t's spreads. D = x̄ − ȳ′ has variance σ²/N (the candidate's part, which grows with its
 * level) + σ²/K; the test's SE² = s_p²(1/N + 1/K) with s_p² pooled from the two sides by their
 * degrees of freedom, N − 1 and K − 1, so its candidate part is the share N − 1 of it.
 */
function pooledSpreads(test, n, k) {
    const se2 = (test.standardError ?? Number.NaN) ** 2;
    const pooled = se2 / (1 / n + 1 / k);
    const df = n + k - 2;
    return {
        spread: { candidate: pooled / n, baseline: pooled / k },
        standardError: { candidate: (se2 * (n - 1)) / df, baseline: (se2 * (k - 1)) / df }
    };
}
/** A test's SE² as a spread that does not grow with the candidate's level. */
function fixedSpread(test) {
    return { spread: { candidate: 0, baseline: (test.standardError ?? Number.NaN) ** 2 } };
}
function scaleSplit(v, factor) {
    return { candidate: v.candidate * factor, baseline: v.baseline * factor };
}
function outcomeOf(breach, beyond) {
    return breach ? 'breach' : beyond ? 'inconclusive' : 'no-breach';
}
/** a is worse than b (strictly). */
function isWorse(a, b, worse) {
    return worse === 'greater' ? a > b : a < b;
}
/** Today's rule: it passes when the candidate is at or better than the bound; NaN breaches. */
function breachesAsIs(candidate, bound, worse) {
    return !(worse === 'greater' ? candidate <= bound : candidate >= bound);
}
function opposite(alternative) {
    return alternative === 'greater' ? 'less' : 'greater';
}
function isConstant(values) {
    return values.every(v => v === values[0]);
}
function isNumber(value) {
    return value !== undefined;
}
function centreOrNaN(values) {
    return values.length === 1 ? (values[0] ?? Number.NaN) : computeMedian(values);
}
function geometricMean(values) {
    return Math.exp(computeMean(values.map(Math.log)));
}
function runs(n) {
    return n === 1 ? '1 run' : `${n} runs`;
}
function formatP(p) {
    return Number(p.toPrecision(3)).toString();
}
/**
 * The 1 − 2α interval of the relative difference from a t test of candidate − baseline (at scale
 * 1): (d ± t₁₋α·SE)/|ȳ| on values; on logs (baselineCentre undefined), e^(d ± t₁₋α·SE) − 1.
 */
function relativeInterval(test, alpha, baselineCentre) {
    const { difference, standardError, df } = test;
    if (difference === undefined || standardError === undefined || df === undefined)
        return undefined;
    const margin = distributions_quantileT(1 - alpha, df) * standardError;
    if (baselineCentre === undefined) {
        return {
            low: Math.expm1(difference - margin),
            high: Math.expm1(difference + margin),
            level: 1 - 2 * alpha
        };
    }
    if (baselineCentre === 0)
        return undefined;
    const scale = Math.abs(baselineCentre);
    return {
        low: (difference - margin) / scale,
        high: (difference + margin) / scale,
        level: 1 - 2 * alpha
    };
}
function zInterval(difference, spread, alpha, baselineCentre) {
    const margin = distributions_quantileNormal(1 - alpha) * spread;
    const scale = Math.abs(baselineCentre);
    return {
        low: (difference - margin) / scale,
        high: (difference + margin) / scale,
        level: 1 - 2 * alpha
    };
}
function unionInterval(models) {
    const intervals = models.map(m => m.interval).filter((i) => i !== undefined);
    if (intervals.length === 0)
        return {};
    return {
        interval: {
            low: Math.min(...intervals.map(i => i.low)),
            high: Math.max(...intervals.map(i => i.high)),
            level: intervals[0]?.level ?? Number.NaN
        }
    };
}
function maxMde(models) {
    const values = models.map(m => m.mde);
    if (values.some(v => v === undefined))
        return {};
    return { mde: Math.max(...values.filter(isNumber)) };
}
/**
 * Why the values cannot go through a noise model, if they cannot: a side with no number (every
 * value NaN: the rule fails, as it does today), or an infinite value (decided as is).
 */
function unusableSide(x, y) {
    if (x.length === 1 && y.length === 1)
        return undefined;
    if (x.some(Number.isNaN) || y.some(Number.isNaN))
        return 'no number on a side';
    if (![...x, ...y].every(Number.isFinite))
        return 'an infinite value: decided on the medians';
    return undefined;
}
/** The values without NaN (a NaN says nothing about where the metric is); all NaN: kept. */
function withoutNaN(values, side, notes) {
    const numbers = values.filter(v => !Number.isNaN(v));
    if (numbers.length === 0)
        return [...values];
    if (numbers.length < values.length) {
        notes.push(`${values.length - numbers.length} of the ${side}'s ${values.length} values were NaN and were left out`);
    }
    return numbers;
}
/** The pairs without a NaN in them; all of them with one: kept. */
function pairsWithoutNaN(candidate, baseline, notes) {
    const x = [];
    const y = [];
    candidate.forEach((v, i) => {
        const w = baseline[i] ?? Number.NaN;
        if (!Number.isNaN(v) && !Number.isNaN(w)) {
            x.push(v);
            y.push(w);
        }
    });
    if (x.length === 0)
        return [[...candidate], [...baseline]];
    if (x.length < candidate.length) {
        notes.push(`${candidate.length - x.length} of the ${candidate.length} pairs had a NaN and were left out`);
    }
    return [x, y];
}

;// CONCATENATED MODULE: ./src/core/stats/index.ts
/**
 * Statistics for verdicts on noisy metrics: descriptive statistics, one-sided tests against a
 * rule's shifted bound, prediction limits, the smallest detectable effect, and `decideBreach`,
 * which picks among them by what the data allow. Pure: no I/O, no clock, no randomness.
 */









;// CONCATENATED MODULE: ./src/core/compare/samples.ts

/** Each metric's latest value in every run of the set that logged it, in the set's order. */
function metricSamples(runs) {
    const samples = {};
    for (const run of runs) {
        for (const [metric, value] of Object.entries(run.data.metrics)) {
            ;
            (samples[metric] ??= []).push(value);
        }
    }
    return samples;
}
/** The median of the values; NaN is kept out unless every value is NaN. */
function median(values) {
    const numbers = values.filter(v => !Number.isNaN(v));
    return numbers.length === 0 ? Number.NaN : computeMedian(numbers);
}
/**
 * The value of each metric for a set: the median of its runs' values (one run: its value). An
 * empty set has none (no baseline).
 */
function centreOf(runs) {
    if (runs.length === 0)
        return undefined;
    const centre = {};
    for (const [metric, values] of Object.entries(metricSamples(runs))) {
        centre[metric] = values.length === 1 ? (values[0] ?? Number.NaN) : median(values);
    }
    return centre;
}

;// CONCATENATED MODULE: ./src/core/tags.ts
/** Tags recorded on every run, so that later runs can find it as their baseline. */
const TAG = {
    ref: 'care-label.git.ref',
    branch: 'care-label.git.branch',
    headSha: 'care-label.git.head-sha',
    baseRef: 'care-label.git.base-ref',
    pullRequest: 'care-label.pull-request',
    event: 'care-label.event',
    runUrl: 'care-label.workflow-run-url',
    runnerOs: 'care-label.runner.os',
    runnerArch: 'care-label.runner.arch',
    /** On a paired baseline run: the commit it ran (the pull request's merge base). */
    pairedBase: 'care-label.paired.base-sha',
    /** MLflow's own tag of a nested run: its parent's id. */
    parentRun: 'mlflow.parentRunId',
    /** On the run a report shows: its overall letter ("?": nothing was rated). */
    grade: 'care-label.grade',
    /** On the run a report shows: pass, fail or no-baseline. */
    verdict: 'care-label.verdict',
    /** Followed by a category, e.g. `care-label.grade.quality`: that category's letter. */
    gradePrefix: 'care-label.grade.',
    /** On a registered model version: where its report is. */
    report: 'care-label.report'
};
function contextTags(context) {
    const tags = {
        [TAG.event]: context.eventName,
        [TAG.runnerOs]: context.runnerOs,
        [TAG.runnerArch]: context.runnerArch
    };
    if (context.ref)
        tags[TAG.ref] = context.ref;
    if (context.branch)
        tags[TAG.branch] = context.branch;
    if (context.headSha)
        tags[TAG.headSha] = context.headSha;
    if (context.baseRef)
        tags[TAG.baseRef] = context.baseRef;
    if (context.pullRequest !== undefined)
        tags[TAG.pullRequest] = String(context.pullRequest);
    if (context.runUrl)
        tags[TAG.runUrl] = context.runUrl;
    return tags;
}
/** The environment as run tags, so a later report can show where its baseline was measured. */
function environmentTags(environment) {
    const tags = {};
    for (const [key, value] of Object.entries(environment)) {
        if (typeof value === 'string' && value !== '')
            tags[`care-label.env.${key}`] = value;
    }
    return tags;
}
/** The label as run tags: the overall letter, the verdict, and each category's letter. */
function labelTags(report) {
    const tags = {
        [TAG.grade]: report.label.overall ?? '?',
        [TAG.verdict]: report.verdict
    };
    for (const category of report.label.categories) {
        // An unmeasured category is "?" as on the label, and so replaces a letter of an earlier label.
        tags[`${TAG.gradePrefix}${tagName(category.category)}`] = category.letter ?? '?';
    }
    return tags;
}
/**
 * A category as part of a tag name: MLflow takes letters, digits, `_`, `-`, `.`, ` `, `/` and
 * `:` only; keeping to letters, digits, `_` and `-` leaves the dots as the name's separators.
 */
function tagName(category) {
    return category.replace(/[^A-Za-z0-9_-]+/g, '_') || '_';
}

;// CONCATENATED MODULE: ./src/core/baseline/platform.ts

/** The parts of a platform, each a run tag, and how the report names them. */
const PARTS = [
    [TAG.runnerOs, 'OS'],
    [TAG.runnerArch, 'architecture'],
    ['care-label.env.cpu', 'CPU'],
    ['care-label.env.gpu', 'GPU']
];
/** The tags that say where a run was measured: all a comparison needs of a run but its metrics. */
const PLATFORM_TAGS = PARTS.map(([tag]) => tag);
/** The run's platform in words, e.g. "Linux X64, AMD EPYC 7763 × 4, no GPU"; undefined untagged. */
function describePlatform(run) {
    const tags = run.data.tags;
    if (PARTS.every(([tag]) => tags[tag] === undefined))
        return undefined;
    return PARTS.map(([tag]) => tags[tag] ?? '?').join(', ');
}
/**
 * Why the baseline run was measured elsewhere than the candidate, in words (e.g. "CPU: Intel
 * Xeon × 2, not AMD EPYC × 4"), or undefined when it was measured on the same platform. A part
 * one run does not record is not compared (a run logged before the action recorded it).
 */
function platformDifference(candidate, baseline) {
    const differences = [];
    for (const [tag, name] of PARTS) {
        const now = candidate.data.tags[tag];
        const before = baseline.data.tags[tag];
        if (now !== undefined && before !== undefined && now !== before) {
            differences.push(`${name}: ${before}, not ${now}`);
        }
    }
    return differences.length > 0 ? differences.join('; ') : undefined;
}
/** The baseline runs measured on the candidate's platform. */
function onSamePlatform(candidate, baseline) {
    return baseline.filter(run => platformDifference(candidate, run) === undefined);
}

;// CONCATENATED MODULE: ./src/core/report/build.ts


/** Where the label's files go among a run's artifacts. */
const LABEL_ARTIFACT_PATH = 'care-label';
/** The label's files among the artifacts of run `runId`, as MLflow names them. */
function labelArtifactsOf(runId) {
    return { uri: `runs:/${runId}/${LABEL_ARTIFACT_PATH}` };
}
/** The report key when none is given: one sticky comment per workflow and job. */
function defaultReportKey(context) {
    return context.workflow ? `${context.workflow}/${context.job}` : 'local';
}
function buildReport(input) {
    const [run] = input.candidate.runs;
    if (run === undefined)
        throw new RangeError('a report needs a candidate run');
    const baseline = input.baseline.runs[0];
    const { context } = input;
    return {
        schemaVersion: 1,
        key: input.key,
        experimentName: input.experimentName,
        verdict: input.comparison.verdict,
        gate: input.gate,
        run: summarizeSet(input.candidate, input.links),
        baseline: baseline ? summarizeSet(input.baseline, input.links) : undefined,
        baselineHow: input.baseline.how,
        comparison: input.comparison,
        label: input.label,
        measurements: {
            candidate: input.candidate.runs.map(measure),
            baseline: input.baseline.runs.map(measure),
            paired: input.baseline.paired
        },
        paramChanges: baseline ? diffParams(run.data.params, baseline.data.params) : [],
        config: input.config,
        rules: input.rules,
        store: input.store,
        context: {
            event: context.eventName,
            pullRequest: context.pullRequest,
            headSha: context.headSha || undefined,
            branch: context.branch || undefined,
            baseRef: context.baseRef,
            workflowRunUrl: context.runUrl
        },
        notes: input.notes,
        histories: input.histories,
        environment: input.environment,
        labelArtifacts: input.labelArtifacts,
        ...(input.registration ? { registration: input.registration } : {}),
        ...(input.tests && input.tests.length > 0 ? { tests: input.tests } : {})
    };
}
function summarizeRun(run, url) {
    return {
        runId: run.info.runId,
        runName: run.info.runName,
        experimentId: run.info.experimentId,
        status: run.info.status,
        startTime: run.info.startTime,
        url,
        params: run.data.params,
        metrics: run.data.metrics,
        ...(run.model ? { model: run.model } : {})
    };
}
/** A run's numbers and where they were measured, as the comparison used them. */
function measure(run) {
    const platform = {};
    for (const tag of PLATFORM_TAGS) {
        const value = run.data.tags[tag];
        if (value !== undefined)
            platform[tag] = value;
    }
    return { runId: run.info.runId, metrics: run.data.metrics, platform };
}
/** A measurement as a run again: enough of one for the comparison (metrics and platform). */
function measuredRun(m) {
    return {
        info: {
            runId: m.runId,
            runName: '',
            experimentId: '',
            status: 'FINISHED',
            startTime: 0,
            lifecycleStage: 'active'
        },
        data: { metrics: m.metrics, params: {}, tags: m.platform }
    };
}
/**
 * A set of runs as the report shows it: one run as itself; repeats as their parent run, with the
 * centre of their values; a window as its newest run, with the window's centre.
 */
function summarizeSet(set, links) {
    const [first] = set.runs;
    const shown = set.parent ?? first;
    if (shown === undefined || first === undefined)
        throw new RangeError('an empty set of runs');
    const summary = withSweep(summarizeRun(shown, links[shown.info.runId]), set);
    if (set.runs.length === 1 && set.parent === undefined)
        return summary;
    return {
        ...summary,
        params: first.data.params,
        metrics: centreOf(set.runs) ?? {},
        runs: set.runs.length,
        ...(first.model ? { model: first.model } : {})
    };
}
function withSweep(summary, set) {
    const sweep = set.sweep;
    if (sweep === undefined)
        return summary;
    return {
        ...summary,
        sweep: {
            parentRunId: sweep.parent.info.runId,
            parentRunName: sweep.parent.info.runName,
            children: sweep.children,
            by: sweep.by
        }
    };
}
function diffParams(candidate, baseline) {
    const keys = [...new Set([...Object.keys(candidate), ...Object.keys(baseline)])].sort();
    return keys
        .filter(key => candidate[key] !== baseline[key])
        .map(key => ({ key, candidate: candidate[key], baseline: baseline[key] }));
}
/** JSON cannot hold NaN or infinities: write them as MLflow's REST API does ("NaN", "Infinity"). */
function toJson(value) {
    return JSON.stringify(value, (_key, v) => {
        if (typeof v === 'number' && !Number.isFinite(v)) {
            return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
        }
        return v;
    }, 2);
}

;// CONCATENATED MODULE: ./src/core/tests/partials.ts
/**
 * Care-label tests across a matrix: which tests a job runs (the `tests` input), the partial
 * bundle each job of the matrix uploads (`mode: partial`), and how the aggregate job checks and
 * merges them into one set of test records (`mode: aggregate`). Pure.
 */


/** Partial bundles are named with this prefix and the job's key. */
const PARTIAL_PREFIX = 'care-label-partial-';
/** The tests a selection names: by name, and all whose `runs_on` has one of its labels. */
function selectTests(tests, selection) {
    if (selection === undefined)
        return { selected: tests, unknown: [], unmatched: [] };
    const known = new Set(tests.map(t => t.name));
    const unknown = selection.names.filter(name => !known.has(name));
    const unmatched = selection.labels.filter(label => !tests.some(t => t.runsOn.includes(label)));
    const selected = tests.filter(t => selection.names.includes(t.name) || t.runsOn.some(label => selection.labels.includes(label)));
    return { selected, unknown, unmatched };
}
const record = shape({
    name: str(200),
    entryPoint: str(200),
    category: str(200),
    runId: str(64),
    status: oneOf('passed', 'failed'),
    level: oneOf('fail', 'warn'),
    metrics: list(str(), 1000),
    ranOn: str(500)
}, ['category', 'runId', 'ranOn']);
const readPartial = shape({
    schemaVersion: (v, where) => {
        if (v !== 1)
            throw new errors_ReportFormatError(`${where} is not 1 (a bundle of another version)`);
        return 1;
    },
    key: str(300),
    workflowRunId: guards_int,
    runAttempt: guards_int,
    headSha: str(64),
    jobUrl: str(),
    candidate: shape({
        runId: str(64),
        experimentId: str(64),
        experimentName: str(),
        trained: bool
    }),
    environment: shape({ runner: str(200), cpu: str(200), gpu: str(500), python: str(100), mlflow: str(100) }, ['runner', 'cpu', 'gpu', 'python', 'mlflow']),
    store: bool,
    tests: list(record, 200)
}, ['jobUrl']);
/** Reads a partial.json strictly; throws ReportFormatError naming the field that is wrong. */
function parsePartial(text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new ReportFormatError(`partial.json is not JSON: ${String(error)}`);
    }
    try {
        return readPartial(json, 'partial');
    }
    catch (error) {
        if (error instanceof DataFormatError)
            throw new ReportFormatError(error.message);
        throw error;
    }
}
/** The job's key: its name and the tests it ran, as an artifact name allows. */
function partialKey(job, tests) {
    const share = tests.length === 0 ? 'none' : tests.join('+');
    const text = `${job}-${share}`.replace(/[":<>|*?\\/\r\n\s]+/g, '-');
    return text.length <= 120 ? text : `${text.slice(0, 100)}-${hash(text)}`;
}
/** A short stable hash (FNV-1a, hex) that keeps long keys apart. */
function hash(text) {
    let h = 0x811c9dc5;
    for (const char of text)
        h = Math.imul(h ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
}
/** Where a test ran, in a few words: the runner's name, its platform, its GPU. */
function describeWhere(environment, runnerName) {
    const gpu = environment.gpu ? `GPU ${environment.gpu}` : 'no GPU';
    const parts = [runnerName, environment.runner, gpu];
    return parts.filter((p) => p !== undefined && p !== '').join(' · ');
}
/**
 * Checks the partial bundles of one workflow run and merges their tests: every bundle must be
 * of this run and commit and about one candidate run; no two jobs may claim one test; a test no
 * bundle measured is "not measured", with the workflow run's page. Throws ReportFormatError.
 */
function mergePartials(partials, expect, tests) {
    if (partials.length === 0) {
        throw new ReportFormatError(`workflow run ${expect.workflowRunId} has no partial bundle (${PARTIAL_PREFIX}*): the jobs that run in mode: partial must come first (in its needs:), and the training job must have finished (when it failed, its local store is in the artifact care-label-failed-*)`);
    }
    for (const { name, bundle } of partials) {
        if (bundle.workflowRunId !== expect.workflowRunId) {
            throw new ReportFormatError(`partial bundle '${name}' is of workflow run ${bundle.workflowRunId}, not of this one (${expect.workflowRunId})`);
        }
        if (bundle.headSha !== expect.headSha) {
            throw new ReportFormatError(`partial bundle '${name}' measured commit ${bundle.headSha.slice(0, 7)}, not ${expect.headSha.slice(0, 7)}, the commit of this run`);
        }
    }
    const latest = latestAttempts(partials);
    const wanted = expect.runId ?? newestTrained(latest) ?? latest[0]?.bundle.candidate.runId ?? '';
    const attempt = Math.max(0, ...latest.filter(p => p.bundle.candidate.runId === wanted).map(p => p.bundle.runAttempt));
    // A job of an earlier attempt that tested the run of that attempt's training, when the whole
    // workflow was run again and this job's share did not report this time: not measured now.
    const used = latest.filter(p => p.bundle.candidate.runId === wanted || p.bundle.runAttempt >= attempt);
    const other = used.find(p => p.bundle.candidate.runId !== wanted);
    if (other !== undefined) {
        throw new ReportFormatError(`partial bundle '${other.name}' tested run ${other.bundle.candidate.runId}, not ${wanted}: every job of the matrix must test the same run (give each the training job's run-id output)`);
    }
    const from = claims(used, tests);
    const records = tests.map(test => from.get(test.name)?.bundle.tests.find(t => t.name === test.name) ??
        notMeasured(test, expect.runUrl));
    const base = used.find(p => p.bundle.candidate.trained && p.bundle.store) ?? used.find(p => p.bundle.store);
    const candidate = (used.find(p => p.bundle.candidate.trained) ?? used[0])?.bundle.candidate;
    return {
        candidateRunId: wanted,
        experimentId: candidate?.experimentId ?? '',
        experimentName: candidate?.experimentName ?? '',
        records,
        from,
        base,
        used
    };
}
/** The run the latest attempt's training job trained. */
function newestTrained(partials) {
    const trained = partials
        .filter(p => p.bundle.candidate.trained)
        .sort((a, b) => b.bundle.runAttempt - a.bundle.runAttempt);
    return trained[0]?.bundle.candidate.runId;
}
/** Of the bundles of one key, the latest attempt's (a re-run of a failed job). */
function latestAttempts(partials) {
    const byKey = new Map();
    for (const partial of partials) {
        const held = byKey.get(partial.bundle.key);
        if (held === undefined || held.bundle.runAttempt < partial.bundle.runAttempt) {
            byKey.set(partial.bundle.key, partial);
        }
    }
    return [...byKey.values()];
}
/** Which bundle measured each test; a test two jobs claim, or the config lacks, is refused. */
function claims(used, tests) {
    const known = new Set(tests.map(t => t.name));
    const from = new Map();
    for (const partial of used) {
        for (const test of partial.bundle.tests) {
            if (!known.has(test.name)) {
                throw new ReportFormatError(`partial bundle '${partial.name}' ran test '${test.name}', which the config's tests: do not have (the jobs of one run must read the same config)`);
            }
            const held = from.get(test.name);
            if (held !== undefined) {
                throw new ReportFormatError(`test '${test.name}' was run by two jobs ('${held.name}' and '${partial.name}'): give each job of the matrix its own tests (the tests input)`);
            }
            from.set(test.name, partial);
        }
    }
    return from;
}
/** A test no job measured here; `url`: the page of the workflow run that missed it. */
function notMeasured(test, url) {
    return {
        name: test.name,
        entryPoint: test.entryPoint,
        ...(test.category ? { category: test.category } : {}),
        status: 'not-measured',
        level: test.level,
        required: test.required,
        metrics: [],
        ...(url ? { url } : {})
    };
}
/**
 * Whether the tests fail the gate whatever the metrics say: one that failed at level fail, or a
 * required one that was not measured.
 */
function testsFailGate(tests) {
    return tests.some(t => (t.status === 'failed' && t.level === 'fail') ||
        (t.status === 'not-measured' && t.required === true));
}

;// CONCATENATED MODULE: ./src/core/report/history.ts
/** At most this many charts in a report: the reader wants the few that matter. */
const MAX_CHARTS = 6;
/** At most this many points per line: a chart in a comment, not a data dump. */
const MAX_POINTS = 40;
/**
 * One value per step (the latest logged at that step, as MLflow's UI shows), in step order, with
 * non-finite values dropped (a chart cannot draw them; the table of the report shows them).
 */
function perStep(points) {
    const byStep = new Map();
    for (const p of points) {
        if (!Number.isFinite(p.value))
            continue;
        const seen = byStep.get(p.step);
        if (seen === undefined || p.timestamp >= seen.timestamp)
            byStep.set(p.step, p);
    }
    return [...byStep.values()]
        .sort((a, b) => a.step - b.step)
        .map(p => ({ step: p.step, value: p.value }));
}
/**
 * Thins a line to at most `max` points: the first and the last always, and between them the
 * point of each bucket that lies furthest from the bucket's mean, so spikes survive.
 */
function downsample(points, max = MAX_POINTS) {
    if (points.length <= max)
        return points;
    if (max < 3)
        return [points[0], points[points.length - 1]].filter(p => p !== undefined);
    const first = points[0];
    const last = points[points.length - 1];
    if (first === undefined || last === undefined)
        return points;
    const inner = points.slice(1, -1);
    const buckets = max - 2;
    const kept = [first];
    for (let b = 0; b < buckets; b++) {
        const bucket = inner.slice(Math.floor((b * inner.length) / buckets), Math.floor(((b + 1) * inner.length) / buckets));
        if (bucket.length === 0)
            continue;
        const mean = bucket.reduce((sum, p) => sum + p.value, 0) / bucket.length;
        let pick = bucket[0];
        for (const p of bucket)
            if (Math.abs(p.value - mean) > Math.abs(pick.value - mean))
                pick = p;
        kept.push(pick);
    }
    kept.push(last);
    return kept;
}
/**
 * The metrics worth a chart, in report order: those the config names first, then the rest,
 * at most MAX_CHARTS. A chart needs a history, so the caller drops single-step metrics.
 */
function chartCandidates(configured, logged) {
    const seen = new Set();
    const order = [];
    for (const name of [...configured, ...[...logged].sort()]) {
        if (!seen.has(name) && logged.includes(name)) {
            seen.add(name);
            order.push(name);
        }
    }
    return order;
}
/** At most this many of a baseline's runs are read for its band: the latest of them. */
const MAX_BAND_RUNS = 10;
/**
 * The range of several runs' histories: at each step that at least two of them logged, their
 * lowest and highest value; at most MAX_POINTS steps, evenly spread. Empty for fewer than 2 runs.
 */
function bandOf(runs) {
    if (runs.length < 2)
        return [];
    const atStep = new Map();
    for (const points of runs) {
        for (const p of perStep(points))
            atStep.set(p.step, [...(atStep.get(p.step) ?? []), p.value]);
    }
    const band = [...atStep.entries()]
        .filter(([, values]) => values.length >= 2)
        .sort(([a], [b]) => a - b)
        .map(([step, values]) => ({ step, low: Math.min(...values), high: Math.max(...values) }));
    if (band.length <= MAX_POINTS)
        return band;
    return Array.from({ length: MAX_POINTS }, (_, i) => band[Math.round((i * (band.length - 1)) / (MAX_POINTS - 1))]);
}
/**
 * A chartable history: more than one step in this run or in the baseline. `others` are the
 * histories of the baseline's other runs, for its band.
 */
function toHistory(metric, candidate, baseline, others = []) {
    const now = perStep(candidate);
    const before = baseline === undefined ? undefined : perStep(baseline);
    if (now.length < 2 && (before === undefined || before.length < 2))
        return undefined;
    const history = {
        metric,
        candidate: downsample(now),
        baseline: before === undefined || before.length === 0 ? undefined : downsample(before)
    };
    const band = baseline === undefined ? [] : bandOf([baseline, ...others]);
    if (band.length > 0)
        history.baselineBand = { runs: others.length + 1, points: band };
    return history;
}

;// CONCATENATED MODULE: ./src/pipeline/read-histories.ts
/**
 * Step 7: the metric histories worth a chart (the config's metrics first), from the candidate
 * and the baseline (and, for a set of baseline runs, the latest few of them, for its band). A
 * history that cannot be read is left out with a note: charts are a nicety.
 */


async function readHistories(request, deps) {
    const { candidate } = request;
    const [baseline, ...rest] = request.baseline;
    const histories = [];
    for (const metric of chartCandidates(request.configured, Object.keys(candidate.data.metrics))) {
        if (histories.length >= MAX_CHARTS)
            break;
        try {
            const now = await deps.store.getMetricHistory(candidate.info.runId, metric);
            const before = baseline && metric in baseline.data.metrics
                ? await deps.baselineStore.getMetricHistory(baseline.info.runId, metric)
                : undefined;
            const others = await Promise.all(rest
                .slice(0, MAX_BAND_RUNS - 1)
                .filter(run => metric in run.data.metrics)
                .map(run => deps.baselineStore.getMetricHistory(run.info.runId, metric)));
            const history = toHistory(metric, now, before, before === undefined ? [] : others);
            if (history !== undefined)
                histories.push(history);
        }
        catch (error) {
            deps.notes.warn(`Could not read the history of metric '${metric}': ${errorMessage(error)}`);
        }
    }
    deps.log.info(histories.length > 0
        ? `Charts for ${histories.map(h => h.metric).join(', ')}.`
        : 'No metric was logged at more than one step: no charts.');
    return histories;
}

;// CONCATENATED MODULE: ./src/pipeline/collect-evidence.ts

/** The candidate's runs and the run that groups them. */
function withParent(candidate) {
    const { parent, runs } = candidate.set;
    return parent ? [parent, ...runs] : runs;
}
async function collectEvidence(config, candidate, baseline, stores, deps) {
    const [run] = candidate.set.runs;
    const histories = run
        ? await deps.log.group('Reading metric histories', () => readHistories({
            configured: config.metrics.map(m => m.metric),
            candidate: run,
            baseline: baseline.set.runs
        }, { store: stores.primary(), baselineStore: baseline.from.store, ...deps }))
        : [];
    const links = {};
    const page = (run, url) => {
        links[run.info.runId] = url;
    };
    for (const r of withParent(candidate)) {
        page(r, stores.primary().runUrl(r.info.experimentId, r.info.runId));
    }
    for (const r of baseline.set.runs) {
        page(r, baseline.from.store.runUrl(r.info.experimentId, r.info.runId) ?? baseline.from.url);
    }
    const store = stores.location.kind === 'sqlite' ? 'local MLflow store' : stores.primary().description;
    return { histories, links, store };
}

;// CONCATENATED MODULE: ./src/core/config/types.ts
/**
 * How a metric's values are judged against the baseline's (see STATISTICS.md). `auto` picks by
 * what exists: a prediction interval for one new value against a window, a two-sample test with
 * repeats, a paired test with pairs, today's deterministic rules with one run per side.
 */
const TEST_METHODS = [
    'auto',
    't',
    'z',
    'lognormal',
    'iqr',
    'percentage',
    'static',
    'welch',
    'mann-whitney',
    'paired-t',
    'wilcoxon'
];
/** The tests that take differences per pair of runs: only with `baseline.strategy: paired`. */
const PAIRED_TESTS = ['paired-t', 'wilcoxon'];
/** Where the baseline runs come from (DESIGN.md §5). */
const BASELINE_STRATEGIES = [
    'merge-base',
    'latest',
    'run-id',
    'filter',
    'model',
    'paired'
];
/** The window the pipeline uses when `baseline.window` is unset. */
const DEFAULT_BASELINE_WINDOW = 10;
const DEFAULT_DECISION = {
    alpha: 0.01,
    onInconclusive: 'warn',
    repeats: 1,
    seedParam: 'seed'
};
/** The categories whose metrics are only comparable on the same platform by default. */
const PLATFORM_BOUND_CATEGORIES = ['runtime', 'memory', 'energy'];
const DEFAULT_REGISTER_ALIAS = 'candidate';
const DEFAULT_MODEL_PARAM = 'model_uri';
const DEFAULT_LABEL = { scale: 'A-D', overall: 'worst' };
const EMPTY_CONFIG = { baseline: {}, metrics: [], label: DEFAULT_LABEL };
/**
 * Whether the metric compares only with a baseline from the same platform: as written, else true
 * for the runtime, memory and energy categories.
 */
function isPlatformBound(rule) {
    return rule.platformBound ?? PLATFORM_BOUND_CATEGORIES.includes(rule.category ?? '');
}
/** The metric's test: its own, else its category's in `decision.test`, else auto. */
function resolveTest(rule, decision) {
    const byCategory = decision?.test;
    const category = rule.category;
    const fallback = byCategory && category !== undefined && Object.hasOwn(byCategory, category)
        ? byCategory[category]
        : undefined;
    return rule.test ?? fallback ?? 'auto';
}
/** The metric's significance level: its own, else `decision.alpha`, else the default. */
function resolveAlpha(rule, decision) {
    return rule.alpha ?? decision?.alpha ?? DEFAULT_DECISION.alpha;
}

;// CONCATENATED MODULE: ./src/core/compare/compare.ts

/** The relative-change fallback MLflow uses when the baseline value is 0. */
const ZERO_BASELINE_EPSILON = 1e-10;
function better(greaterIsBetter, a, b) {
    return greaterIsBetter ? a >= b : a <= b;
}
function sign(greaterIsBetter) {
    return greaterIsBetter ? '≥' : '≤';
}
function checkRule(rule, candidate, baseline, hasBaselineRun, notes) {
    const g = rule.greaterIsBetter;
    const checks = [];
    if (rule.threshold !== undefined) {
        checks.push({
            rule: 'threshold',
            passed: better(g, candidate, rule.threshold),
            description: `${sign(g)} ${formatNumber(rule.threshold)}`
        });
    }
    const relative = rule.minAbsoluteChange !== undefined ||
        rule.minRelativeChange !== undefined ||
        rule.maxRegression !== undefined;
    if (!relative)
        return checks;
    if (!hasBaselineRun) {
        // Say which rules the first baseline will bring, so no one reads them as missing.
        const pending = [
            rule.minAbsoluteChange !== undefined &&
                `${sign(g)} baseline ${g ? '+' : '−'} ${formatNumber(rule.minAbsoluteChange)}`,
            rule.minRelativeChange !== undefined &&
                `${sign(g)} baseline ${g ? '+' : '−'} ${formatNumber(rule.minRelativeChange * 100)}%`,
            rule.maxRegression !== undefined && `at most ${rule.maxRegression.text} worse than baseline`
        ].filter((text) => typeof text === 'string');
        notes.push(`waiting for a baseline: ${pending.join('; ')}`);
        return checks;
    }
    if (baseline === undefined) {
        notes.push('the baseline run did not log this metric: the change was not checked');
        return checks;
    }
    if (rule.minAbsoluteChange !== undefined) {
        const bound = g ? baseline + rule.minAbsoluteChange : baseline - rule.minAbsoluteChange;
        checks.push({
            rule: 'min_absolute_change',
            passed: better(g, candidate, bound),
            description: `${sign(g)} baseline ${g ? '+' : '−'} ${formatNumber(rule.minAbsoluteChange)}`
        });
    }
    if (rule.minRelativeChange !== undefined) {
        const description = `${sign(g)} baseline ${g ? '+' : '−'} ${formatNumber(rule.minRelativeChange * 100)}%`;
        if (baseline === 0) {
            notes.push('the baseline is 0: the relative change was checked as "better than the baseline", as MLflow does');
            const bound = g ? baseline + ZERO_BASELINE_EPSILON : baseline - ZERO_BASELINE_EPSILON;
            checks.push({ rule: 'min_relative_change', passed: better(g, candidate, bound), description });
        }
        else {
            const change = (g ? candidate - baseline : baseline - candidate) / Math.abs(baseline);
            checks.push({
                rule: 'min_relative_change',
                passed: !(change < rule.minRelativeChange),
                description
            });
        }
    }
    if (rule.maxRegression !== undefined) {
        const tolerance = toleranceOf(rule, baseline);
        const bound = g ? baseline - tolerance : baseline + tolerance;
        checks.push({
            rule: 'max_regression',
            passed: better(g, candidate, bound),
            description: `at most ${rule.maxRegression.text} worse than baseline`
        });
    }
    return checks;
}
function toleranceOf(rule, baseline) {
    const t = rule.maxRegression;
    if (t === undefined)
        return 0;
    return t.kind === 'relative' ? t.value * Math.abs(baseline) : t.value;
}
function directionOf(candidate, baseline, rule) {
    if (candidate === undefined || baseline === undefined)
        return 'unknown';
    if (Number.isNaN(candidate) || Number.isNaN(baseline))
        return 'unknown';
    if (candidate === baseline)
        return 'same';
    if (rule === undefined)
        return 'unknown';
    if (better(rule.greaterIsBetter, candidate, baseline))
        return 'better';
    if (rule.maxRegression !== undefined) {
        const tolerance = toleranceOf(rule, baseline);
        const bound = rule.greaterIsBetter ? baseline - tolerance : baseline + tolerance;
        if (better(rule.greaterIsBetter, candidate, bound))
            return 'within';
    }
    return 'worse';
}
function judge(rule, checks) {
    if (checks.length === 0)
        return 'info';
    if (checks.every(check => check.passed))
        return 'pass';
    return rule.level === 'warn' ? 'warn' : 'fail';
}
function compareRuns(config, candidate, baseline) {
    const metrics = [];
    const configured = new Set();
    for (const rule of config.metrics) {
        configured.add(rule.metric);
        const value = candidate[rule.metric];
        const base = baseline?.[rule.metric];
        const notes = [];
        const verdict = {
            metric: rule.metric,
            candidate: value,
            baseline: base,
            greaterIsBetter: rule.greaterIsBetter,
            direction: directionOf(value, base, rule),
            checks: [],
            status: 'missing',
            level: rule.level,
            notes,
            line: rule.line
        };
        withChange(verdict);
        if (value === undefined) {
            notes.push('this run did not log the metric');
            verdict.status = rule.level === 'warn' ? 'warn' : 'missing';
        }
        else {
            verdict.checks = checkRule(rule, value, base, baseline !== undefined, notes);
            verdict.status = judge(rule, verdict.checks);
        }
        metrics.push(verdict);
    }
    const others = Object.keys(candidate)
        .filter(name => !configured.has(name))
        .sort();
    for (const name of others) {
        const verdict = {
            metric: name,
            candidate: candidate[name],
            baseline: baseline?.[name],
            direction: directionOf(candidate[name], baseline?.[name], undefined),
            checks: [],
            status: 'info',
            level: 'warn',
            notes: []
        };
        metrics.push(withChange(verdict));
    }
    return summarizeVerdicts(metrics, baseline !== undefined);
}
/** The verdict of a set of metric verdicts: fail when a rule of level fail broke or is missing. */
function summarizeVerdicts(metrics, hasBaseline) {
    const counts = {
        pass: 0,
        fail: 0,
        warn: 0,
        missing: 0,
        info: 0,
        inconclusive: 0,
        'not-comparable': 0
    };
    for (const m of metrics)
        counts[m.status]++;
    const failed = counts.fail + counts.missing > 0;
    return {
        verdict: failed ? 'fail' : hasBaseline ? 'pass' : 'no-baseline',
        hasBaseline,
        metrics,
        counts
    };
}
function withChange(verdict) {
    const { candidate, baseline } = verdict;
    if (candidate !== undefined && baseline !== undefined) {
        verdict.change = candidate - baseline;
        if (baseline !== 0)
            verdict.relativeChange = (candidate - baseline) / Math.abs(baseline);
    }
    return verdict;
}

;// CONCATENATED MODULE: ./src/core/compare/compare-sets.ts
/**
 * The comparison of two sets of runs. Pure. Each metric is first decided as written, on the
 * centres of the two sets (compare.ts: with one run a side that is all, exactly as before). Where
 * a side has more than one run, the rules against the baseline are decided again with statistics
 * (core/stats): a breach fails only when it is significant at the rule's α; one that is not is
 * `inconclusive`. Metrics that depend on the machine are compared only with baseline runs of the
 * candidate's platform, and are `not comparable` when there are none.
 */







function valuesOf(runs, metric) {
    return runs.flatMap(r => {
        const value = r.data.metrics[metric];
        return value !== undefined && Number.isFinite(value) ? [value] : [];
    });
}
/**
 * The job a run was measured in: its workflow run, else the run that groups its repeats, else
 * itself. Runs of one job share a machine, so their spread misses the noise between machines.
 */
function jobOf(run) {
    return run.data.tags[TAG.runUrl] ?? run.data.tags[TAG.parentRun] ?? run.info.runId;
}
/** A metric's mean per job, in the order the jobs first appear (finite values only). */
function jobMeans(runs, metric) {
    const jobs = new Map();
    for (const run of runs) {
        const value = run.data.metrics[metric];
        if (value === undefined || !Number.isFinite(value))
            continue;
        const job = jobOf(run);
        jobs.set(job, [...(jobs.get(job) ?? []), value]);
    }
    return [...jobs.values()].map(values => values.reduce((a, b) => a + b, 0) / values.length);
}
/** A metric's values pair by pair; a pair where either run lacks a finite value is left out. */
function pairedValues(candidate, baseline, metric) {
    const samples = { candidate: [], baseline: [] };
    candidate.forEach((run, i) => {
        const now = run.data.metrics[metric];
        const before = baseline[i]?.data.metrics[metric];
        if (now === undefined || before === undefined)
            return;
        if (!Number.isFinite(now) || !Number.isFinite(before))
            return;
        samples.candidate.push(now);
        samples.baseline.push(before);
    });
    return { ...samples, paired: true };
}
/** The baseline runs a rule may be compared with: for machine-bound metrics, the same platform. */
function comparableRuns(rule, candidate, baseline) {
    if (candidate === undefined || !isPlatformBound(rule))
        return baseline;
    return onSamePlatform(candidate, baseline);
}
function compareSets(config, candidate, baseline) {
    const [first] = candidate.runs;
    // Pairs ran side by side on one runner: the same platform, whatever their tags say.
    const paired = baseline.paired === true && baseline.runs.length === candidate.runs.length;
    const now = centreOf(candidate.runs) ?? {};
    const hasBaseline = baseline.runs.length > 0;
    // Each rule's own baseline: the runs it may be compared with, and their centre.
    const comparable = new Map(config.metrics.map(rule => [
        rule.metric,
        paired ? baseline.runs : comparableRuns(rule, first, baseline.runs)
    ]));
    const before = hasBaseline ? (centreOf(baseline.runs) ?? {}) : undefined;
    if (before !== undefined) {
        for (const [metric, runs] of comparable) {
            // With no comparable run the metric is `not comparable` (below), whatever this says.
            const centre = centreOf(runs)?.[metric];
            if (centre !== undefined)
                before[metric] = centre;
        }
    }
    const written = compareRuns(config, now, before);
    const rules = new Map(config.metrics.map(rule => [rule.metric, rule]));
    const metrics = written.metrics.map(verdict => {
        const rule = rules.get(verdict.metric);
        if (rule === undefined || !hasBaseline || verdict.candidate === undefined)
            return verdict;
        const runs = comparable.get(rule.metric) ?? [];
        if (runs.length === 0)
            return notComparable(verdict, first, baseline.runs[0]);
        const samples = paired
            ? pairedValues(candidate.runs, baseline.runs, rule.metric)
            : {
                candidate: valuesOf(candidate.runs, rule.metric),
                // The machine's noise is between jobs: a job's runs count as one (their mean).
                baseline: isPlatformBound(rule)
                    ? jobMeans(runs, rule.metric)
                    : valuesOf(runs, rule.metric)
            };
        if (samples.candidate.length === 0 || samples.baseline.length === 0)
            return verdict;
        if (samples.candidate.length < 2 && samples.baseline.length < 2)
            return asWritten(verdict);
        return decideWithStatistics(verdict, rule, samples, config);
    });
    return summarizeVerdicts(metrics, hasBaseline);
}
/** One run a side: the rules against the baseline are decided on the values, and it says so. */
function asWritten(verdict) {
    if (!verdict.checks.some(c => c.rule !== 'threshold'))
        return verdict;
    return { ...verdict, notes: [...verdict.notes, NO_NOISE_ESTIMATE] };
}
const NO_NOISE_ESTIMATE = 'no noise estimate (one run a side): decided on the values as they are';
/** A machine-bound metric whose baseline runs were all measured elsewhere. */
function notComparable(verdict, candidate, baseline) {
    const why = candidate && baseline ? platformDifference(candidate, baseline) : undefined;
    return {
        ...verdict,
        baseline: undefined,
        change: undefined,
        relativeChange: undefined,
        direction: 'unknown',
        checks: verdict.checks.filter(c => c.rule === 'threshold'),
        status: 'not-comparable',
        notes: [
            ...verdict.notes,
            `not compared with the baseline: it was measured on another platform${why ? ` (${why})` : ''}`
        ]
    };
}
/** The relative rules of a metric as tolerances toward worse (see core/stats/types.ts). */
function tolerances(rule) {
    const out = [];
    if (rule.minAbsoluteChange !== undefined) {
        out.push(['min_absolute_change', { kind: 'absolute', allowance: -rule.minAbsoluteChange }]);
    }
    if (rule.minRelativeChange !== undefined) {
        out.push(['min_relative_change', { kind: 'relative', allowance: -rule.minRelativeChange }]);
    }
    if (rule.maxRegression !== undefined) {
        const { kind, value } = rule.maxRegression;
        out.push(['max_regression', { kind, allowance: value }]);
    }
    return out;
}
/** The config's test names as the statistics module names them. */
function methodOf(test) {
    return test === 'lognormal' ? 'log-normal' : test;
}
function decideWithStatistics(verdict, rule, samples, config) {
    const worse = rule.greaterIsBetter ? 'less' : 'greater';
    const alpha = resolveAlpha(rule, config.decision);
    const question = {
        candidate: samples.candidate,
        baseline: samples.baseline,
        worse,
        alpha,
        method: methodOf(resolveTest(rule, config.decision)),
        paired: samples.paired === true,
        // The candidate's repeats ran in one job; the window's runs each in their own.
        repeatsOnOneRunner: samples.paired !== true && samples.candidate.length > 1
    };
    const plain = decideBreach({ ...question, bound: SAME_AS_BASELINE });
    const centre = plain.baselineCentre;
    const decided = new Map(tolerances(rule).map(([name, tolerance]) => [
        name,
        decideBreach({ ...question, bound: buildBound(tolerance, worse, centre) })
    ]));
    const checks = verdict.checks.map(check => {
        const decision = decided.get(check.rule);
        if (decision === undefined)
            return check;
        return {
            ...check,
            passed: decision.outcome !== 'breach',
            outcome: decision.outcome,
            pValue: decision.pValue
        };
    });
    const gate = decided.get('max_regression') ?? [...decided.values()][0] ?? plain;
    // The method's words already say how repeats were judged: that note is left out here.
    const said = (note) => /ran on one runner/.test(note);
    const notes = [...verdict.notes, ...visibility(rule, gate), ...gate.notes.filter(n => !said(n))];
    return {
        ...verdict,
        direction: plain.noiseEstimate && significanceOf(plain) === 'none' ? 'within' : verdict.direction,
        checks,
        status: statusOf(rule, checks, config),
        notes: [...new Set(notes)],
        decision: decisionOf(gate, plain, samples, alpha)
    };
}
function significanceOf(plain) {
    if (!plain.noiseEstimate)
        return 'none';
    if (plain.outcome === 'breach')
        return 'worse';
    return plain.significantlyBetter ? 'better' : 'none';
}
function decisionOf(gate, plain, samples, alpha) {
    return {
        method: gate.method,
        samples: { candidate: samples.candidate.length, baseline: samples.baseline.length },
        noiseEstimate: gate.noiseEstimate,
        alpha,
        significance: significanceOf(plain),
        pValue: gate.pValue,
        limit: gate.limit,
        interval: gate.interval ?? plain.interval,
        mde: gate.mde
    };
}
/** Says plainly when the gate cannot see a regression of the size its rule names. */
function visibility(rule, gate) {
    if (!gate.noiseEstimate)
        return [];
    const tolerance = rule.maxRegression;
    if (gate.mde === undefined || tolerance === undefined || tolerance.kind !== 'relative')
        return [];
    if (tolerance.value > 0 && gate.mde <= tolerance.value)
        return [];
    const mde = `${formatNumber(Number((gate.mde * 100).toFixed(1)))}%`;
    return [
        `this gate sees a regression only beyond ${tolerance.text} + ${mde}: add repeats, a larger window, or paired runs to see smaller ones`
    ];
}
function statusOf(rule, checks, config) {
    if (checks.length === 0)
        return 'info';
    if (checks.some(c => !c.passed))
        return rule.level === 'warn' ? 'warn' : 'fail';
    if (checks.some(c => c.outcome === 'inconclusive')) {
        const policy = config.decision?.onInconclusive ?? 'warn';
        if (policy === 'fail')
            return rule.level === 'warn' ? 'warn' : 'fail';
        return policy === 'pass' ? 'pass' : 'inconclusive';
    }
    return 'pass';
}

;// CONCATENATED MODULE: ./src/core/label/rate.ts
const DEFAULT_CATEGORIES = [
    'quality',
    'robustness',
    'runtime',
    'memory',
    'energy',
    'complexity'
];
const LETTERS = {
    'A-D': ['A', 'B', 'C', 'D'],
    'A-E': ['A', 'B', 'C', 'D', 'E']
};
/** Index boundaries: at least as good as the baseline is A, within 5% B, within 10% C, … */
const INDEX_BOUNDARIES = {
    'A-D': [1, 0.95, 0.9],
    'A-E': [1, 0.95, 0.9, 0.8]
};
function letterFor(value, boundaries, greaterIsBetter, scale) {
    const letters = LETTERS[scale];
    const worst = letters[letters.length - 1] ?? 'D';
    if (Number.isNaN(value))
        return worst;
    for (let i = 0; i < boundaries.length; i++) {
        const bound = boundaries[i] ?? 0;
        if (greaterIsBetter ? value >= bound : value <= bound)
            return letters[i] ?? worst;
    }
    return worst;
}
const ALL = ['A', 'B', 'C', 'D', 'E'];
function rank(letter) {
    return ALL.indexOf(letter);
}
function worstOf(letters) {
    return letters.reduce((w, l) => (w === undefined || rank(l) > rank(w) ? l : w), undefined);
}
function meanOf(letters) {
    if (letters.length === 0)
        return undefined;
    const mean = letters.reduce((sum, l) => sum + rank(l), 0) / letters.length;
    return ALL[Math.round(mean)];
}
function rateMetric(rule, value, baseline, scale) {
    if (rule.rating !== undefined) {
        return {
            metric: rule.metric,
            category: rule.category,
            letter: letterFor(value, rule.rating, rule.greaterIsBetter, scale),
            basis: 'absolute'
        };
    }
    if (baseline === undefined ||
        !(value > 0) ||
        !(baseline > 0) ||
        !Number.isFinite(value) ||
        !Number.isFinite(baseline)) {
        return undefined;
    }
    const index = rule.greaterIsBetter ? value / baseline : baseline / value;
    return {
        metric: rule.metric,
        category: rule.category,
        letter: letterFor(index, INDEX_BOUNDARIES[scale], true, scale),
        basis: 'index',
        index
    };
}
function rateCareLabel(config, candidate, baseline) {
    const { scale, overall } = config.label;
    const metrics = [];
    const baselineLetters = new Map();
    const notes = [];
    const categorised = config.metrics.flatMap(rule => rule.category ? [{ ...rule, category: rule.category }] : []);
    for (const rule of categorised) {
        const value = candidate[rule.metric];
        if (value === undefined)
            continue;
        const rating = rateMetric(rule, value, baseline?.[rule.metric], scale);
        if (rating === undefined) {
            notes.push(`${rule.metric} is not rated: it has no rating boundaries and no baseline to be compared with`);
            continue;
        }
        metrics.push(rating);
        const base = baseline?.[rule.metric];
        if (base !== undefined) {
            // The baseline is rated by the same rules; against itself its index is 1.
            const letter = rule.rating ? letterFor(base, rule.rating, rule.greaterIsBetter, scale) : 'A';
            baselineLetters.set(rule.category, [...(baselineLetters.get(rule.category) ?? []), letter]);
        }
    }
    const names = [
        ...DEFAULT_CATEGORIES,
        ...categorised.map(r => r.category).filter(c => !DEFAULT_CATEGORIES.includes(c))
    ];
    const categories = [...new Set(names)].map(category => {
        const rated = metrics.filter(m => m.category === category);
        return {
            category,
            letter: worstOf(rated.map(m => m.letter)),
            baselineLetter: worstOf(baselineLetters.get(category) ?? []),
            metrics: rated.map(m => m.metric)
        };
    });
    const combine = overall === 'mean' ? meanOf : worstOf;
    const letters = categories.flatMap(c => (c.letter ? [c.letter] : []));
    const baseLetters = categories.flatMap(c => (c.baselineLetter ? [c.baselineLetter] : []));
    return {
        scale,
        overall: combine(letters),
        baselineOverall: baseline === undefined ? undefined : combine(baseLetters),
        categories,
        metrics,
        how: overall === 'mean'
            ? `overall = mean of the rated categories' letters, on the ${scale} scale`
            : `overall = the worst rated category, on the ${scale} scale`,
        notes
    };
}

;// CONCATENATED MODULE: ./src/pipeline/decide.ts
/**
 * Step 6: the verdict per metric and the care label, from the two sets of runs. Pure. A letter
 * moves only with a change the data tell apart from noise: a metric whose runs show no
 * significant change is rated as its baseline is.
 */



function decide(config, candidate, baseline) {
    const comparison = compareSets(config, candidate, baseline);
    const now = centreOf(candidate.runs) ?? {};
    const before = centreOf(baseline.runs);
    for (const m of comparison.metrics) {
        if (before === undefined)
            break;
        // Each metric against its own baseline: the runs it was compared with (same platform).
        if (m.baseline === undefined)
            delete before[m.metric];
        else
            before[m.metric] = m.baseline;
        if (m.decision?.significance === 'none' && m.baseline !== undefined)
            now[m.metric] = m.baseline;
    }
    return { comparison, label: rateCareLabel(config, now, before) };
}

;// CONCATENATED MODULE: ./src/core/logged-models.ts
/**
 * The run's model: the one named `name` (the newest, when it was logged twice), else the only one
 * that carries metrics, else none. Models of other runs are ignored.
 */
function chooseModel(run, models, name) {
    const own = models
        .filter(m => m.sourceRunId === undefined || m.sourceRunId === run.info.runId)
        .sort((a, b) => b.creationTime - a.creationTime);
    const runName = `run ${run.info.runId}`;
    if (name !== undefined) {
        const named = own.filter(m => m.name === name);
        const [model] = named;
        if (model === undefined) {
            const others = own.length === 0 ? 'none' : own.map(m => `'${m.name}'`).join(', ');
            return {
                note: `${runName} has no logged model named '${name}' (it has ${others}): it is judged by its own metrics.`
            };
        }
        const twice = named.length > 1
            ? `${runName} logged ${named.length} models named '${name}': the newest, ${model.modelId}, judges it.`
            : undefined;
        return twice === undefined ? { model } : { model, note: twice };
    }
    const measured = own.filter(m => Object.values(m.metrics).some(v => !Number.isNaN(v)));
    if (measured.length === 1)
        return { model: measured[0] };
    if (measured.length > 1) {
        return {
            note: `${runName} logged ${measured.length} models with metrics (${measured.map(m => `'${m.name}'`).join(', ')}): it is judged by its own metrics. Set model.name in the config to judge it by one of them.`
        };
    }
    return own.length === 1 ? { model: own[0] } : {};
}
/**
 * The run with the model's metrics in place of its own of the same names. When they say nothing
 * the run does not (MLflow links a run's metrics to the model it logs), the run is unchanged.
 */
function judgedBy(run, model) {
    const own = run.data.metrics;
    // A NaN on the model does not hide a number the run has.
    const taken = Object.entries(model.metrics).filter(([key, value]) => !Number.isNaN(value) || !Number.isFinite(own[key] ?? Number.NaN));
    const differs = taken.some(([key, value]) => !Object.hasOwn(own, key) || !Object.is(own[key], value));
    if (!differs)
        return run;
    return {
        ...run,
        data: { ...run.data, metrics: { ...run.data.metrics, ...Object.fromEntries(taken) } },
        model: { modelId: model.modelId, name: model.name }
    };
}

;// CONCATENATED MODULE: ./src/pipeline/judge-models.ts
/**
 * Step 5b: the logged models (MLflow 3). A run can log its metrics on the models it logs
 * (`log_metric(…, model_id=…)`); where the candidate's run has such a model (the one
 * `model.name` names, else its only one with metrics), that model's metrics judge it, and each
 * baseline run is judged by its own model of the same name. Stores before MLflow 3 have no logged
 * models: then nothing changes.
 */


/** How many runs' models are looked up at once (a window has up to 1,000 runs). */
const CONCURRENCY = 8;
async function judgeByModels(settings, sides, stores, deps) {
    const { candidate, baseline } = sides;
    const store = stores.primary();
    const first = candidate.set.runs[0];
    if (first === undefined)
        return sides;
    let models;
    try {
        models = await store.loggedModels(first.info.experimentId, first.info.runId);
    }
    catch (error) {
        deps.notes.warn(`The logged models of run ${first.info.runId} could not be read (${errorMessage(error)}): it is judged by its own metrics.`);
        return sides;
    }
    const choice = chooseModel(first, models, settings?.name);
    if (choice.note !== undefined)
        deps.notes.warn(choice.note);
    const model = choice.model;
    if (model === undefined)
        return sides;
    const measured = Object.keys(model.metrics).length > 0;
    if (!measured)
        return { ...sides, model };
    const name = model.name;
    const judgedCandidate = await judgeSet(candidate.set, name, store, 'candidate', deps.notes);
    const judgedBaseline = await judgeSet(baseline.set, name, baseline.from.store, 'baseline', deps.notes);
    return {
        candidate: { ...candidate, set: judgedCandidate },
        baseline: { ...baseline, set: judgedBaseline },
        model
    };
}
/** Each run of the set judged by its model named `name`, where it logged one. */
async function judgeSet(set, name, store, side, notes) {
    const runs = new Array(set.runs.length);
    const missing = [];
    let next = 0;
    const work = async () => {
        while (next < set.runs.length) {
            const index = next++;
            const run = set.runs[index];
            if (run === undefined)
                continue;
            const models = await store
                .loggedModels(run.info.experimentId, run.info.runId)
                .catch(() => []);
            const { model } = chooseModel(run, models, name);
            if (model === undefined)
                missing.push(run.info.runId);
            runs[index] = model === undefined ? run : judgedBy(run, model);
        }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, set.runs.length) }, work));
    if (missing.length > 0) {
        const which = missing.length === 1
            ? `Run ${missing[0]}`
            : `${missing.length} runs (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`;
        const whose = missing.length === 1 ? 'its' : 'their';
        notes.warn(`${which} of the ${side} logged no model named '${name}': judged by ${whose} own metrics.`);
    }
    return { ...set, runs };
}

;// CONCATENATED MODULE: ./src/core/config/diff.ts
/** The keys of a rule as the config file writes them. */
const KEYS = [
    ['greaterIsBetter', 'greater_is_better'],
    ['threshold', 'threshold'],
    ['minAbsoluteChange', 'min_absolute_change'],
    ['minRelativeChange', 'min_relative_change'],
    ['maxRegression', 'max_regression'],
    ['level', 'level'],
    ['category', 'category'],
    ['rating', 'rating'],
    ['test', 'test'],
    ['platformBound', 'platform_bound'],
    ['alpha', 'alpha']
];
function shown(value) {
    if (value === undefined)
        return '(none)';
    if (typeof value === 'object' && value !== null && 'text' in value)
        return String(value.text);
    return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}
/** The changes from `before` (the base branch's rules) to `after` (the pull request's). */
function diffRules(before, after) {
    const changes = [];
    const old = new Map(before.metrics.map(r => [r.metric, r]));
    const now = new Map(after.metrics.map(r => [r.metric, r]));
    for (const [metric, rule] of old) {
        const next = now.get(metric);
        if (next === undefined) {
            changes.push(`removes the rules of ${metric}`);
            continue;
        }
        for (const [key, name] of KEYS) {
            const a = shown(rule[key]);
            const b = shown(next[key]);
            if (a !== b)
                changes.push(`${metric}.${name}: ${a} → ${b}`);
        }
    }
    for (const metric of now.keys()) {
        if (!old.has(metric))
            changes.push(`adds rules for ${metric}`);
    }
    const sections = [
        ['baseline', before.baseline, after.baseline],
        ['decision', before.decision, after.decision],
        ['label', before.label, after.label]
    ];
    for (const [name, a, b] of sections) {
        if (JSON.stringify(a ?? {}) !== JSON.stringify(b ?? {})) {
            changes.push(`${name}: ${JSON.stringify(a ?? {})} → ${JSON.stringify(b ?? {})}`);
        }
    }
    return changes;
}

;// CONCATENATED MODULE: ./src/core/text.ts
/** Small pure helpers for text shared by the parsers. */
/** The Levenshtein distance between two strings (insertions, deletions and substitutions). */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
            current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
        }
        previous = current;
    }
    return previous[b.length] ?? 0;
}

;// CONCATENATED MODULE: ./src/core/config/parse.ts
/**
 * Parses and validates the care-label config file. Pure: takes the file's name and content.
 * Every problem is a ConfigError naming the file and the line.
 */





const TOP_KEYS = [
    'baseline',
    'metrics',
    'label',
    'decision',
    'model',
    'register',
    'tests',
    'select'
];
const TEST_KEYS = [
    'entry_point',
    'project',
    'parameters',
    'category',
    'runs_on',
    'level',
    'model_param',
    'required'
];
const MODEL_KEYS = ['name'];
const REGISTER_KEYS = ['name', 'alias', 'min_grade'];
const LABEL_KEYS = ['scale', 'overall'];
const BASELINE_KEYS = [
    'branch',
    'strategy',
    'window',
    'run_id',
    'filter',
    'model',
    'max_age_days',
    'min_runs'
];
const DECISION_KEYS = ['alpha', 'on_inconclusive', 'test', 'repeats', 'seed_param', 'paired_runs'];
const METRIC_KEYS = [
    'greater_is_better',
    'threshold',
    'min_absolute_change',
    'min_relative_change',
    'max_regression',
    'level',
    'category',
    'rating',
    'test',
    'platform_bound',
    'alpha'
];
/** The largest `baseline.window` (and so `baseline.min_runs`). */
const MAX_WINDOW = 1000;
const MAX_REPEATS = 50;
/** The keys that name one baseline source, and the strategy each implies. */
const SOURCE_KEYS = {
    run_id: 'run-id',
    filter: 'filter',
    model: 'model'
};
/** The key each strategy reads its source from. */
const SOURCE_OF = {
    'run-id': 'run_id',
    filter: 'filter',
    model: 'model'
};
/** The keys that narrow a search among past runs, and what the other strategies compare with. */
const SEARCH_KEYS = ['window', 'min_runs', 'max_age_days'];
const NO_SEARCH = {
    'run-id': 'the baseline is that one run',
    model: "the baseline is the model version's source run",
    paired: 'the baseline runs are made in this job, as many as decision.paired_runs'
};
/** Names people write for the tests, for the did-you-mean. */
const TEST_ALIASES = {
    't-test': 't',
    ttest: 't',
    student: 't',
    'z-score': 'z',
    zscore: 'z',
    percent: 'percentage',
    'welch-t': 'welch',
    'welch-t-test': 'welch',
    'u-test': 'mann-whitney',
    'mann-whitney-u': 'mann-whitney',
    paired: 'paired-t',
    'paired-t-test': 'paired-t',
    'signed-rank': 'wilcoxon',
    'wilcoxon-signed-rank': 'wilcoxon'
};
/** An MLflow run id: MLflow's rule (32 hex digits are what it makes), at most 64 characters. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/**
 * `models:/<name>@<alias>` as MLflow parses it: a name without `/` or `:` (and `?`, which a URI
 * parser takes for a query) that is not blank, and an alias of letters, digits, `_` and `-`.
 */
const MODEL_URI = /^models:\/([^/:?]*[^/:?\s][^/:?]*)@([A-Za-z0-9_-]{1,255})$/;
/** A `models:/<name>@<alias>` URI, checked by the parser, as its name and alias. */
function splitModelUri(uri) {
    const match = MODEL_URI.exec(uri);
    return match ? { name: match[1] ?? '', alias: match[2] ?? '' } : undefined;
}
/** The aliases MLflow reserves: `latest` (any case) and `v<number>` (versions). */
const RESERVED_ALIAS = /^(?:latest|v[0-9]+)$/i;
/** A parameter name as MLflow logs it (ASCII). */
const PARAM_NAME = /^[A-Za-z0-9_./: -]+$/;
class Reader {
    file;
    lines = new dist/* LineCounter */.HN();
    constructor(file) {
        this.file = file;
    }
    lineOf(node) {
        if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
            const offset = node.range[0];
            if (typeof offset === 'number')
                return this.lines.linePos(offset).line;
        }
        return undefined;
    }
    fail(message, node) {
        throw new ConfigError(message, { file: this.file, line: this.lineOf(node) });
    }
    /** The pairs of a mapping, checked against the allowed keys. */
    pairs(node, where, allowed) {
        if (!(0,dist/* isMap */.jh)(node))
            this.fail(`${where} must be a mapping (key: value lines).`, node);
        const out = [];
        for (const pair of node.items) {
            const key = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : undefined;
            if (key === undefined)
                this.fail(`${where} has a key that is not a plain name.`, pair.key);
            if (allowed && !allowed.includes(key)) {
                const close = allowed.find(k => editDistance(k, key.replace(/-/g, '_').toLowerCase()) <= 2);
                this.fail(`unknown key '${key}' in ${where}.${close ? ` Did you mean '${close}'?` : ''} Allowed keys: ${allowed.join(', ')}.`, pair.key);
            }
            out.push([key, pair]);
        }
        return out;
    }
    number(pair, where) {
        const node = pair.value;
        if (!(0,dist/* isScalar */.jn)(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
            this.fail(`${where} must be a number, not ${describe(node)}.`, node ?? pair.key);
        }
        return node.value;
    }
    boolean(pair, where) {
        const node = pair.value;
        if (!(0,dist/* isScalar */.jn)(node) || typeof node.value !== 'boolean') {
            this.fail(`${where} must be true or false, not ${describe(node)}.`, node ?? pair.key);
        }
        return node.value;
    }
    string(pair, where) {
        const node = pair.value;
        if (!(0,dist/* isScalar */.jn)(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
            this.fail(`${where} must be a string, not ${describe(node)}.`, node ?? pair.key);
        }
        return String(node.value);
    }
    /** A string, and only a string: a value YAML reads as a number is refused with a hint. */
    text(pair, where) {
        const node = pair.value;
        if (!(0,dist/* isScalar */.jn)(node) || typeof node.value !== 'string') {
            const hint = (0,dist/* isScalar */.jn)(node) && typeof node.value === 'number'
                ? ` YAML reads ${node.source ?? String(node.value)} as a number: put it in quotes.`
                : '';
            this.fail(`${where} must be a string, not ${describe(node)}.${hint}`, node ?? pair.key);
        }
        return node.value;
    }
    /** A whole number from `min` to `max` (or at least `min`). */
    integer(pair, where, min, max) {
        const node = pair.value;
        const value = (0,dist/* isScalar */.jn)(node) ? node.value : undefined;
        if (typeof value !== 'number' ||
            !Number.isInteger(value) ||
            value < min ||
            (max !== undefined && value > max)) {
            const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
            this.fail(`${where} must be a whole number ${range}, not ${describe(node)}.`, node ?? pair.key);
        }
        return value;
    }
    /** A significance level: strictly between 0 and 0.5. */
    alpha(pair, where) {
        const value = this.number(pair, where);
        if (!(value > 0 && value < 0.5)) {
            this.fail(`${where} must be between 0 and 0.5, both excluded (e.g. 0.01 or 0.05), not ${value}.`, pair.value);
        }
        return value;
    }
    /** One of `options`, exactly; anything else is refused with the closest option. */
    choice(pair, where, options, aliases = {}) {
        const node = pair.value;
        const value = (0,dist/* isScalar */.jn)(node) && (typeof node.value === 'string' || typeof node.value === 'number')
            ? String(node.value)
            : undefined;
        const found = options.find(option => option === value);
        if (found !== undefined)
            return found;
        const close = value === undefined ? undefined : suggest(value, options, aliases);
        return this.fail(`${where} must be one of ${options.join(', ')}, not ${value === undefined ? describe(node) : `'${value}'`}.${close ? ` Did you mean '${close}'?` : ''}`, node ?? pair.key);
    }
}
/**
 * The option closest to what the user wrote: an alias, or the nearest option within two edits
 * (and fewer edits than the word has letters, so that 'x' suggests nothing).
 */
function suggest(value, options, aliases) {
    const word = value
        .trim()
        .toLowerCase()
        .replace(/[_\s]+/g, '-');
    if (Object.hasOwn(aliases, word))
        return aliases[word];
    let best;
    let bestDistance = 3;
    for (const option of options) {
        const distance = editDistance(option, word);
        if (distance < bestDistance && distance < word.length) {
            best = option;
            bestDistance = distance;
        }
    }
    return best;
}
/** A key with nothing after it (`quality:`), or an empty document. */
function isEmpty(node) {
    return node === null || ((0,dist/* isScalar */.jn)(node) && node.value === null);
}
function describe(node) {
    if (node === null || node === undefined)
        return 'empty';
    if ((0,dist/* isScalar */.jn)(node)) {
        if (node.value === null)
            return 'empty';
        return `${typeof node.value} ${JSON.stringify(node.value)}`;
    }
    if ((0,dist/* isMap */.jh)(node))
        return 'a mapping';
    return 'a list';
}
/** Parses `5%` (relative) or `0.02` (absolute). */
function parseTolerance(reader, pair, where) {
    const node = pair.value;
    if ((0,dist/* isScalar */.jn)(node) &&
        typeof node.value === 'number' &&
        Number.isFinite(node.value) &&
        node.value >= 0) {
        return { kind: 'absolute', value: node.value, text: String(node.value) };
    }
    if ((0,dist/* isScalar */.jn)(node) && typeof node.value === 'string') {
        const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(node.value);
        if (match?.[1]) {
            return { kind: 'relative', value: Number(match[1]) / 100, text: `${match[1]}%` };
        }
    }
    return reader.fail(`${where} must be a non-negative number (an absolute tolerance, e.g. 0.02) or a percentage (e.g. "5%"), not ${describe(node)}.`, node ?? pair.key);
}
function parseMetric(reader, metric, node, keyNode, keys) {
    const where = `metrics.${metric}`;
    const line = reader.lineOf(keyNode);
    if (isEmpty(node)) {
        reader.fail(`${where} is empty: give at least greater_is_better.`, keyNode);
    }
    let greaterIsBetter;
    const rule = { metric, level: 'fail', line };
    for (const [key, pair] of reader.pairs(node, where, METRIC_KEYS)) {
        const at = `${where}.${key}`;
        switch (key) {
            case 'greater_is_better':
                greaterIsBetter = reader.boolean(pair, at);
                break;
            case 'threshold':
                rule.threshold = reader.number(pair, at);
                break;
            case 'min_absolute_change': {
                const value = reader.number(pair, at);
                if (value <= 0)
                    reader.fail(`${at} must be a positive number, as in MLflow's MetricThreshold.`, pair.value);
                rule.minAbsoluteChange = value;
                break;
            }
            case 'min_relative_change': {
                const value = reader.number(pair, at);
                if (value < 0 || value > 1) {
                    reader.fail(`${at} must be between 0 and 1 (a fraction of the baseline, as in MLflow's MetricThreshold).`, pair.value);
                }
                rule.minRelativeChange = value;
                break;
            }
            case 'max_regression':
                rule.maxRegression = parseTolerance(reader, pair, at);
                break;
            case 'category':
                rule.category = reader.string(pair, at).trim().toLowerCase();
                break;
            case 'rating': {
                const node = pair.value;
                if (!(0,dist/* isSeq */.oP)(node) || node.items.length < 1) {
                    reader.fail(`${at} must be a list of numbers, best first, e.g. [0.97, 0.94, 0.90].`, node ?? pair.key);
                }
                rule.rating = node.items.map(item => {
                    if (!(0,dist/* isScalar */.jn)(item) || typeof item.value !== 'number' || !Number.isFinite(item.value)) {
                        return reader.fail(`${at} must be a list of numbers, not ${describe(item)}.`, item);
                    }
                    return item.value;
                });
                break;
            }
            case 'level': {
                const value = reader.string(pair, at);
                if (value !== 'fail' && value !== 'warn')
                    reader.fail(`${at} must be 'fail' or 'warn', not '${value}'.`, pair.value);
                rule.level = value;
                break;
            }
            case 'test':
                rule.test = reader.choice(pair, at, TEST_METHODS, TEST_ALIASES);
                keys.set(metric, pair);
                break;
            case 'platform_bound':
                rule.platformBound = reader.boolean(pair, at);
                break;
            case 'alpha':
                rule.alpha = reader.alpha(pair, at);
                break;
        }
    }
    if (greaterIsBetter === undefined) {
        reader.fail(`${where} needs greater_is_better: true or false (whether a higher ${metric} is better), as MLflow's MetricThreshold does.`, keyNode);
    }
    return { ...rule, greaterIsBetter };
}
function parseBaseline(reader, node) {
    const baseline = {};
    const keys = new Map();
    for (const [key, pair] of reader.pairs(node, 'baseline', BASELINE_KEYS)) {
        keys.set(key, pair);
        const at = `baseline.${key}`;
        switch (key) {
            case 'branch':
                baseline.branch = reader.string(pair, at);
                break;
            case 'strategy':
                baseline.strategy = reader.choice(pair, at, BASELINE_STRATEGIES);
                break;
            case 'window':
                baseline.window = reader.integer(pair, at, 1, MAX_WINDOW);
                break;
            case 'min_runs':
                baseline.minRuns = reader.integer(pair, at, 1, MAX_WINDOW);
                break;
            case 'max_age_days':
                baseline.maxAgeDays = reader.integer(pair, at, 1);
                break;
            case 'run_id': {
                const value = reader.text(pair, at);
                if (!RUN_ID.test(value)) {
                    reader.fail(`${at} must be an MLflow run id (1 to 64 letters, digits, _ or -, starting with a letter or digit; MLflow makes 32 hex digits), not '${value}'.`, pair.value);
                }
                baseline.runId = value;
                break;
            }
            case 'filter': {
                const value = reader.text(pair, at).trim();
                if (value === '') {
                    reader.fail(`${at} must not be empty: give an MLflow search filter, e.g. params.dataset = 'iris-v2'.`, pair.value);
                }
                baseline.filter = value;
                break;
            }
            case 'model':
                baseline.model = parseModelUri(reader, pair, at);
                break;
        }
    }
    checkBaseline(reader, baseline, keys);
    return baseline;
}
function parseModelUri(reader, pair, at) {
    const value = reader.text(pair, at);
    const match = MODEL_URI.exec(value);
    if (!match) {
        const pinned = /^models:\/[^/]+\/[^/]+$/.test(value)
            ? ' Versions and stages (models:/<name>/<version>) are not supported: set an alias on the version and name it here.'
            : '';
        reader.fail(`${at} must be models:/<name>@<alias> (e.g. models:/iris-classifier@champion), not '${value}'.${pinned}`, pair.value);
    }
    const alias = match[2] ?? '';
    if (RESERVED_ALIAS.test(alias)) {
        reader.fail(`${at} names the alias '${alias}', which MLflow reserves for versions: set an alias of your own on the version, e.g. models:/${match[1] ?? ''}@champion.`, pair.value);
    }
    return value;
}
/**
 * The baseline keys against each other, in the order of precedence that `BaselineSettings.strategy`
 * documents; each error is at the line of the key that does not fit.
 */
function checkBaseline(reader, baseline, keys) {
    const sources = [...keys.keys()].filter(key => Object.hasOwn(SOURCE_KEYS, key));
    let strategy = baseline.strategy;
    let implied = '';
    if (strategy === undefined) {
        const [first, second] = sources;
        if (first !== undefined && second !== undefined) {
            reader.fail(`baseline.${second} and baseline.${first} each choose the baseline (strategies ${SOURCE_KEYS[second]} and ${SOURCE_KEYS[first]}): keep one of them.`, keys.get(second)?.key);
        }
        if (first !== undefined) {
            strategy = SOURCE_KEYS[first];
            baseline.strategy = strategy;
            implied = ` (implied by baseline.${first})`;
        }
    }
    else {
        for (const key of sources) {
            if (SOURCE_KEYS[key] !== strategy) {
                reader.fail(`baseline.${key} is only read with strategy ${SOURCE_KEYS[key]}, but baseline.strategy is ${strategy}: remove one of them.`, keys.get(key)?.key);
            }
        }
        const needed = SOURCE_OF[strategy];
        if (needed !== undefined && !keys.has(needed)) {
            const what = {
                run_id: 'the id of the run to compare with',
                filter: "an MLflow search filter, e.g. params.dataset = 'iris-v2'",
                model: 'models:/<name>@<alias>'
            };
            reader.fail(`baseline.strategy ${strategy} needs baseline.${needed}: ${what[needed] ?? ''}.`, keys.get('strategy')?.key);
        }
    }
    const reason = strategy === undefined ? undefined : NO_SEARCH[strategy];
    for (const key of keys.keys()) {
        if (reason !== undefined && SEARCH_KEYS.includes(key)) {
            reader.fail(`baseline.${key} has no meaning with strategy ${strategy}${implied}: ${reason}, not a search among past runs. Remove it.`, keys.get(key)?.key);
        }
    }
    if (baseline.minRuns !== undefined) {
        const window = baseline.window ?? DEFAULT_BASELINE_WINDOW;
        if (baseline.minRuns > window) {
            reader.fail(baseline.window === undefined
                ? `baseline.min_runs (${baseline.minRuns}) is more than the default window of ${DEFAULT_BASELINE_WINDOW} runs: set baseline.window to at least ${baseline.minRuns}.`
                : `baseline.min_runs (${baseline.minRuns}) is more than baseline.window (${window}): the window can never hold that many runs.`, keys.get('min_runs')?.key);
        }
    }
}
function parseDecision(reader, node) {
    const decision = {};
    const keys = new Map();
    const categories = new Map();
    for (const [key, pair] of reader.pairs(node, 'decision', DECISION_KEYS)) {
        keys.set(key, pair);
        const at = `decision.${key}`;
        switch (key) {
            case 'alpha':
                decision.alpha = reader.alpha(pair, at);
                break;
            case 'on_inconclusive':
                decision.onInconclusive = reader.choice(pair, at, ['pass', 'warn', 'fail']);
                break;
            case 'repeats':
                decision.repeats = reader.integer(pair, at, 1, MAX_REPEATS);
                break;
            case 'paired_runs':
                decision.pairedRuns = reader.integer(pair, at, 2, MAX_REPEATS);
                break;
            case 'seed_param': {
                const value = reader.text(pair, at);
                if (!PARAM_NAME.test(value)) {
                    reader.fail(`${at} must be the name of a parameter of the entry point (letters, digits, spaces and _ . - / :), not '${value}'.`, pair.value);
                }
                decision.seedParam = value;
                break;
            }
            case 'test':
                decision.test = parseCategoryTests(reader, pair, categories);
                break;
        }
    }
    return { decision, keys, categories };
}
/** `decision.test`: category → test, the categories as `category` reads them (lower case). */
function parseCategoryTests(reader, pair, categories) {
    const at = 'decision.test';
    if ((0,dist/* isScalar */.jn)(pair.value) && pair.value.value !== null) {
        reader.fail(`${at} must be a mapping of category to test, e.g. runtime: lognormal (one metric's test is metrics.<name>.test).`, pair.value);
    }
    const tests = [];
    for (const [name, tpair] of reader.pairs(pair.value, at, undefined)) {
        const category = name.trim().toLowerCase();
        if (categories.has(category)) {
            reader.fail(`${at} names the category '${category}' twice (category names ignore case).`, tpair.key);
        }
        categories.set(category, tpair);
        tests.push([category, reader.choice(tpair, `${at}.${name}`, TEST_METHODS, TEST_ALIASES)]);
    }
    // fromEntries: a category named __proto__ stays a plain key.
    return Object.fromEntries(tests);
}
/** `model:`: which of a run's models (by name, or MLflow 2 artifact path). */
function parseModel(reader, node) {
    const model = {};
    for (const [, pair] of reader.pairs(node, 'model', MODEL_KEYS)) {
        const name = reader.text(pair, 'model.name').trim();
        if (name === '') {
            reader.fail("model.name must not be empty: give the logged model's name (log_model(name=...)), or remove it to use the run's only model.", pair.value);
        }
        model.name = name;
    }
    return model;
}
/** A registered model's name as MLflow takes it in a `models:/<name>@<alias>` URI. */
const REGISTERED_NAME = /^[^/:@?#%\s](?:[^/:@?#%\r\n\t]{0,254}[^/:@?#%\s])?$/;
/** `register:`: the registered model, its alias and the lowest letter that is registered. */
function parseRegister(reader, pair) {
    let name;
    let alias = DEFAULT_REGISTER_ALIAS;
    let minGrade;
    for (const [key, kpair] of reader.pairs(pair.value, 'register', REGISTER_KEYS)) {
        const at = `register.${key}`;
        if (key === 'name') {
            name = reader.text(kpair, at).trim();
            if (!REGISTERED_NAME.test(name)) {
                reader.fail(`${at} must be a registered model's name (up to 256 characters, none of / : @ ? # % and no line breaks), e.g. iris-classifier, not '${name}'.`, kpair.value);
            }
        }
        else if (key === 'alias') {
            alias = reader.text(kpair, at);
            if (!/^[A-Za-z0-9_-]{1,255}$/.test(alias) || RESERVED_ALIAS.test(alias)) {
                reader.fail(`${at} must be an alias of your own (letters, digits, _ and -; not latest or v<number>, which MLflow reserves), e.g. candidate, not '${alias}'.`, kpair.value);
            }
        }
        else {
            minGrade = reader.choice(kpair, at, ['A', 'B', 'C', 'D', 'E']);
        }
    }
    if (name === undefined) {
        reader.fail('register needs name: the registered model that passing runs on the default branch become versions of, e.g. name: iris-classifier.', pair.key);
    }
    return { name, alias, ...(minGrade ? { minGrade } : {}), line: reader.lineOf(pair.key) };
}
/** `tests:`: name → entry point, parameters, category, runner labels, level. */
function parseTests(reader, node) {
    const tests = [];
    for (const [name, pair] of reader.pairs(node, 'tests', undefined)) {
        if (!PARAM_NAME.test(name)) {
            reader.fail(`tests has a test named '${name}': use letters, digits, spaces and _ . - / : only.`, pair.key);
        }
        tests.push(parseTest(reader, name, pair));
    }
    return tests;
}
function parseTest(reader, name, pair) {
    const test = {
        name,
        entryPoint: name,
        parameters: [],
        runsOn: [],
        level: 'fail',
        modelParam: DEFAULT_MODEL_PARAM,
        required: false,
        line: reader.lineOf(pair.key)
    };
    // `quality:` alone: the entry point of that name, with nothing else.
    if (isEmpty(pair.value))
        return test;
    for (const [key, kpair] of reader.pairs(pair.value, `tests.${name}`, TEST_KEYS)) {
        const at = `tests.${name}.${key}`;
        switch (key) {
            case 'entry_point':
                test.entryPoint = reader.text(kpair, at);
                break;
            case 'project':
                test.project = reader.text(kpair, at);
                break;
            case 'parameters':
                test.parameters = reader
                    .pairs(kpair.value, at, undefined)
                    .map(([param, ppair]) => [param, reader.string(ppair, `${at}.${param}`)]);
                break;
            case 'category':
                test.category = reader.text(kpair, at).trim().toLowerCase();
                break;
            case 'runs_on':
                test.runsOn = parseLabels(reader, kpair, at);
                break;
            case 'level':
                test.level = reader.choice(kpair, at, ['fail', 'warn']);
                break;
            case 'required':
                test.required = reader.boolean(kpair, at);
                break;
            case 'model_param': {
                const value = reader.text(kpair, at);
                if (!PARAM_NAME.test(value)) {
                    reader.fail(`${at} must be the name of a parameter of the entry point, not '${value}'.`, kpair.value);
                }
                test.modelParam = value;
                break;
            }
        }
    }
    return test;
}
/** A runner label or a list of them. */
function parseLabels(reader, pair, at) {
    const node = pair.value;
    const items = (0,dist/* isSeq */.oP)(node) ? node.items : [node];
    return items.map(item => {
        if (!(0,dist/* isScalar */.jn)(item) || typeof item.value !== 'string' || item.value.trim() === '') {
            return reader.fail(`${at} must be a runner label or a list of them, e.g. [self-hosted, gpu].`, item ?? pair.key);
        }
        return item.value.trim();
    });
}
/** `select:`: the metric that picks a sweep's best child run, and which way. */
function parseSelect(reader, pair) {
    let metric;
    let mode;
    for (const [key, kpair] of reader.pairs(pair.value, 'select', ['metric', 'mode'])) {
        if (key === 'metric')
            metric = reader.text(kpair, 'select.metric').trim();
        else
            mode = reader.choice(kpair, 'select.mode', ['min', 'max']);
    }
    if (metric === undefined || metric === '' || mode === undefined) {
        reader.fail('select needs metric and mode: the metric that picks the best child run of a sweep, and whether its min or its max wins, e.g. select: {metric: val_loss, mode: min}.', pair.key);
    }
    return { metric, mode, line: reader.lineOf(pair.key) };
}
function parseConfig(file, content) {
    const reader = new Reader(file);
    const doc = (0,dist/* parseDocument */.Tp)(content, {
        lineCounter: reader.lines,
        prettyErrors: false,
        uniqueKeys: true
    });
    const problem = doc.errors[0];
    if (problem) {
        const line = reader.lines.linePos(problem.pos[0]).line;
        throw new ConfigError(`is not valid YAML: ${problem.message.split('\n')[0]}`, { file, line });
    }
    const config = { file, baseline: {}, metrics: [], label: { ...DEFAULT_LABEL } };
    if (isEmpty(doc.contents))
        return config;
    const tests = new Map();
    let decisionKeys = new Map();
    let categoryKeys = new Map();
    for (const [key, pair] of reader.pairs(doc.contents, 'the config file', TOP_KEYS)) {
        if (key === 'baseline') {
            config.baseline = parseBaseline(reader, pair.value);
        }
        else if (key === 'model') {
            config.model = parseModel(reader, pair.value);
        }
        else if (key === 'register') {
            config.register = parseRegister(reader, pair);
        }
        else if (key === 'tests') {
            config.tests = parseTests(reader, pair.value);
        }
        else if (key === 'select') {
            config.select = parseSelect(reader, pair);
        }
        else if (key === 'decision') {
            const parsed = parseDecision(reader, pair.value);
            config.decision = parsed.decision;
            decisionKeys = parsed.keys;
            categoryKeys = parsed.categories;
        }
        else if (key === 'label') {
            config.label = parseLabel(reader, pair.value);
        }
        else if (key === 'metrics') {
            if (isEmpty(pair.value))
                continue;
            for (const [metric, mpair] of reader.pairs(pair.value, 'metrics', undefined)) {
                config.metrics.push(parseMetric(reader, metric, mpair.value, mpair.key, tests));
            }
        }
    }
    checkRatings(config);
    checkAcrossSections(reader, config, decisionKeys, categoryKeys, tests);
    checkTests(config);
    return config;
}
/**
 * Tests run once, against the one candidate run's model, and a sweep's best child is one run:
 * neither goes with repeats or pairs (yet).
 */
function checkTests(config) {
    const repeats = config.decision?.repeats ?? 1;
    const paired = config.baseline.strategy === 'paired';
    if (repeats === 1 && !paired)
        return;
    const other = paired ? 'baseline.strategy: paired' : `decision.repeats (${repeats})`;
    const [first] = config.tests ?? [];
    if (first !== undefined) {
        throw new ConfigError(`tests run against the model of one candidate run: they cannot be combined with ${other} yet. Remove one of them.`, { file: config.file ?? '', line: first.line });
    }
    if (config.select !== undefined) {
        throw new ConfigError(`select picks one child run of a sweep as the candidate: it cannot be combined with ${other}. Remove one of them.`, { file: config.file ?? '', line: config.select.line });
    }
}
function parseLabel(reader, node) {
    const label = { ...DEFAULT_LABEL };
    for (const [key, pair] of reader.pairs(node, 'label', LABEL_KEYS)) {
        const value = reader.string(pair, `label.${key}`);
        if (key === 'scale') {
            label.scale =
                value === 'A-D' || value === 'A-E'
                    ? value
                    : reader.fail(`label.scale must be A-D or A-E, not '${value}'.`, pair.value);
        }
        else {
            label.overall =
                value === 'worst' || value === 'mean'
                    ? value
                    : reader.fail(`label.overall must be worst or mean, not '${value}'.`, pair.value);
        }
    }
    return label;
}
/** Each metric's rating boundaries against the scale, and the lowest registered letter. */
function checkRatings(config) {
    const file = config.file ?? '';
    const letters = config.label.scale === 'A-E' ? 4 : 3;
    for (const rule of config.metrics) {
        if (rule.rating !== undefined && rule.rating.length !== letters) {
            throw new ConfigError(`metrics.${rule.metric}.rating needs ${letters} boundaries for the ${config.label.scale} scale (one per letter but the last), not ${rule.rating.length}.`, { file, line: rule.line });
        }
        const sorted = [...(rule.rating ?? [])].sort((a, b) => (rule.greaterIsBetter ? b - a : a - b));
        if (rule.rating !== undefined && sorted.some((v, i) => v !== rule.rating?.[i])) {
            throw new ConfigError(`metrics.${rule.metric}.rating must go from the A boundary to the worst (${rule.greaterIsBetter ? 'descending, as higher is better' : 'ascending, as lower is better'}).`, { file, line: rule.line });
        }
    }
    if (config.register?.minGrade === 'E' && config.label.scale === 'A-D') {
        throw new ConfigError('register.min_grade is E, which the A-D scale does not have: use A to D, or set label.scale: A-E.', { file, line: config.register.line });
    }
}
/** What the decision and the metrics ask of the baseline, and categories that no metric has. */
function checkAcrossSections(reader, config, decisionKeys, categoryKeys, tests) {
    const strategy = config.baseline.strategy;
    const paired = strategy === 'paired';
    const now = `(baseline.strategy is ${strategy ?? 'unset'})`;
    if (!paired && config.decision?.pairedRuns !== undefined) {
        reader.fail(`decision.paired_runs needs baseline.strategy: paired ${now}: set it, or remove decision.paired_runs.`, decisionKeys.get('paired_runs')?.key);
    }
    const checkPaired = (where, test, pair) => {
        if (!paired && test !== undefined && PAIRED_TESTS.includes(test)) {
            reader.fail(`${where} ${test} compares pairs of runs: it needs baseline.strategy: paired ${now}.`, pair);
        }
    };
    for (const [category, test] of Object.entries(config.decision?.test ?? {})) {
        checkPaired(`decision.test.${category}`, test, categoryKeys.get(category)?.key);
    }
    for (const rule of config.metrics) {
        checkPaired(`metrics.${rule.metric}.test`, rule.test, tests.get(rule.metric)?.key);
    }
    const known = [...DEFAULT_CATEGORIES];
    for (const rule of config.metrics) {
        if (rule.category !== undefined && !known.includes(rule.category))
            known.push(rule.category);
    }
    for (const [category, pair] of categoryKeys) {
        if (!known.includes(category)) {
            const close = suggest(category, known, {});
            reader.fail(`decision.test names the category '${category}', which is neither a standard category nor any metric's.${close ? ` Did you mean '${close}'?` : ''} Categories: ${known.join(', ')}.`, pair.key);
        }
    }
}

;// CONCATENATED MODULE: ./src/pipeline/load-config.ts
/**
 * Step 1: the rules, from the care-label config file. A pull request is judged by the base
 * branch's rules by default (read at the base commit through GitHub), so that it cannot loosen
 * its own gate; what it changes in them is reported at the top of the comment.
 */






/** Where the rules are, and whose judge a pull request, as the settings say. */
function rulesRequest(settings, context) {
    return {
        workspace: settings.workspace,
        configPath: settings.configPath,
        explicit: settings.configExplicit,
        baseSha: context.pullRequest === undefined ? undefined : context.baseSha,
        apply: settings.rules
    };
}
async function loadConfig(request, deps) {
    const head = readConfig(request.workspace, request.configPath, request.explicit);
    const { baseSha } = request;
    const loaded = baseSha === undefined ? head : await fromBase({ ...request, baseSha }, head, deps);
    const { config } = loaded;
    deps.log.info(config.file
        ? `Rules for ${config.metrics.length} metric(s) from ${config.file}${loaded.rules?.from === 'base' ? ' at the base commit' : ''}.`
        : (loaded.note ?? 'No thresholds.'));
    return loaded;
}
/** The base commit's rules, with what the pull request changes in them. */
async function fromBase(request, head, deps) {
    const own = (why) => {
        deps.notes.warn(why);
        return { ...head, rules: { from: 'head', changes: [] } };
    };
    if (deps.repository === undefined) {
        if (request.apply === 'head')
            return head;
        return own(`The base branch's rules could not be read (no GitHub token): this pull request is judged by its own ${request.configPath}.`);
    }
    let text;
    try {
        text = await deps.repository.readFile(request.configPath, request.baseSha);
    }
    catch (error) {
        return own(`The base branch's rules could not be read (${errorMessage(error)}): this pull request is judged by its own ${request.configPath}.`);
    }
    // Before the rules file exists there is no gate a pull request could loosen.
    if (text === undefined)
        return { ...head, rules: { from: 'head', changes: [] } };
    const base = parseRulesAt(request.configPath, request.baseSha, text);
    const changes = diffRules(base, head.config);
    if (request.apply === 'head')
        return { ...head, rules: { from: 'head', changes } };
    return { config: base, rules: { from: 'base', changes } };
}
/**
 * The rules file's text as it was at commit `sha`. Its errors name the commit; the annotations
 * point at the file in the checkout.
 */
function parseRulesAt(configPath, sha, text) {
    return { ...parseConfig(`${configPath} (at ${sha.slice(0, 7)})`, text), file: configPath };
}
/**
 * Reads `configPath` (relative to the workspace). A missing file is no rules, unless the user
 * named it (`explicit`): then it is an error.
 */
function readConfig(workspace, configPath, explicit) {
    const file = external_node_path_default().resolve(workspace, configPath);
    if (!(0,external_node_fs_.existsSync)(file)) {
        if (explicit) {
            throw new ConfigError(surface => `the config file does not exist. Create it, or remove ${surface.input('config')} to run without thresholds.`, { file: configPath });
        }
        return {
            config: EMPTY_CONFIG,
            note: `No thresholds: ${configPath} does not exist, so metrics are reported but not checked. Add that file with a 'metrics:' section to gate on them.`
        };
    }
    return { config: parseConfig(configPath, (0,external_node_fs_.readFileSync)(file, 'utf8')) };
}

;// CONCATENATED MODULE: ./src/core/render/mermaid.ts
/**
 * Mermaid `xychart-beta` line charts of metric histories, for the PR comment (GitHub renders
 * Mermaid blocks; it strips images). Pure.
 *
 * A metric name is untrusted: inside the block it is reduced to a small set of characters, so
 * it cannot close the quoted title, start a directive (`%%`), end the code fence or carry markup.
 */


/** Letters, digits and a few harmless marks; anything else becomes '_'. */
function mermaidText(text, maxLength = 60) {
    const safe = text.replace(/[^A-Za-z0-9 _.\-/]/g, '_').trim();
    return safe.length > maxLength ? `${safe.slice(0, maxLength - 1)}_` : safe || '_';
}
/** A number as Mermaid reads it: plain decimal or exponent notation, 6 significant digits. */
function mermaid_num(value) {
    return String(Number(value.toPrecision(6)));
}
/** The line's value at `step`: its own point, else linear between neighbours, else the nearest end. */
function valueAt(points, step) {
    if (points.length === 0)
        return undefined;
    let before;
    for (const p of points) {
        if (p.step === step)
            return p.value;
        if (p.step < step)
            before = p;
        else {
            if (before === undefined)
                return p.value;
            return (before.value + ((p.value - before.value) * (step - before.step)) / (p.step - before.step));
        }
    }
    return before?.value;
}
/**
 * The chart as the lines of a fenced Mermaid block. Both lines share one x axis (the union of
 * their steps, thinned); a line is interpolated where it has no point of its own. The y axis
 * covers both lines, and each axis has a title (the step, the metric).
 */
function mermaidChart(history) {
    // Blue is this run, grey the baseline; a chart with no point of this run is grey alone.
    // Mermaid draws the lines in the order given, so the baseline comes first and this run, the
    // one under review, last: on top, as in the HTML report's charts.
    const drawn = [
        { points: history.baseline ?? [], colour: '#8c959f' },
        { points: history.candidate, colour: '#0969da' }
    ].filter(l => l.points.length > 0);
    const lines = drawn.map(l => l.points);
    const allSteps = [...new Set(lines.flatMap(l => l.map(p => p.step)))].sort((a, b) => a - b);
    const steps = downsample(allSteps.map(step => ({ step, value: 0 })), MAX_POINTS).map(p => p.step);
    const series = lines.map(l => steps.map(step => valueAt(l, step) ?? 0));
    const [low, high] = paddedRange(series.flat(), 0.05);
    const name = mermaidText(history.metric);
    return [
        '```mermaid',
        '---',
        'config:',
        '  themeVariables:',
        '    xyChart:',
        `      plotColorPalette: "${drawn.map(l => l.colour).join(', ')}"`,
        '---',
        'xychart-beta',
        `  title "${name}"`,
        `  x-axis "step" [${steps.join(', ')}]`,
        `  y-axis "${name}" ${mermaid_num(low)} --> ${mermaid_num(high)}`,
        ...series.map(values => `  line [${values.map(mermaid_num).join(', ')}]`),
        '```'
    ];
}

;// CONCATENATED MODULE: ./src/core/report/run-text.ts
/** e.g. "judged by its logged model 'model' (m-4e9c…)"; undefined: by its own metrics. */
function modelText(run) {
    if (run.model === undefined)
        return undefined;
    return `judged by the metrics of its logged model '${run.model.name}' (${run.model.modelId})`;
}
/** e.g. "the best of 12 child runs of sweep run tune-7 by val_loss, min"; undefined: no sweep. */
function sweepText(run) {
    const sweep = run.sweep;
    if (sweep === undefined)
        return undefined;
    return `the best of ${sweep.children} child run${sweep.children === 1 ? '' : 's'} of sweep run ${sweep.parentRunName || sweep.parentRunId} by ${sweep.by}`;
}
/** What the report says beside the run: its sweep and its model, in one parenthesis. */
function runNote(run) {
    const parts = [sweepText(run), modelText(run)].filter(p => p !== undefined);
    return parts.length === 0 ? undefined : parts.join('; ');
}
/** One line on the registration, and whether it is a problem. */
function registrationText(registration) {
    const { name, alias, version, previousVersion } = registration;
    if (version !== undefined) {
        const moved = previousVersion === undefined
            ? `@${alias} points to it`
            : `@${alias} moved to it from version ${previousVersion}`;
        return {
            text: `Registered as version ${version} of '${name}' (models:/${name}/${version}); ${moved}.`,
            problem: false
        };
    }
    const reason = registration.reason ?? 'Not registered.';
    return { text: reason, problem: registration.failed === true };
}

;// CONCATENATED MODULE: ./src/core/render/markdown.ts
/**
 * Renders the care-label report as GitHub-flavoured Markdown. Pure.
 *
 * Every string of the report is escaped (escape.ts), and every address is checked where it is
 * written (safeUrl): a link whose address is not a plain http(s) one is left as text.
 */





const MARKER_PREFIX = '<!-- mlflow-care-label';
/** The hidden marker that finds this report's comment again. */
function reportMarker(key) {
    return `${MARKER_PREFIX} key="${escapeComment(key)}" -->`;
}
const STATUS_TEXT = {
    pass: '✅ pass',
    fail: '❌ fail',
    warn: '⚠️ warn',
    missing: '❌ missing',
    info: '',
    inconclusive: '❔ inconclusive',
    'not-comparable': '↔️ not comparable'
};
function headline(report) {
    const { verdict, comparison } = report;
    const broken = comparison.counts.fail + comparison.counts.missing;
    if (verdict === 'fail') {
        const gate = report.gate ? '' : ' (not gating: fail-on-regression is false)';
        return `❌ ${broken} metric check${broken === 1 ? '' : 's'} failed${gate}`;
    }
    const count = (n, one, many) => n ? `, ${n} ${n === 1 ? one : many}` : '';
    const warned = count(comparison.counts.warn, 'warning', 'warnings') +
        count(comparison.counts.inconclusive, 'inconclusive', 'inconclusive');
    if (verdict === 'no-baseline')
        return `🆕 no baseline yet${warned}`;
    return `✅ all metric checks passed${warned}`;
}
/** A Markdown link to `url` if it is safe to link to, else `text` alone; `text` is Markdown. */
function markdown_link(text, url) {
    const href = safeUrl(url);
    return href === undefined ? text : `[${text}](${href})`;
}
function runLink(run) {
    if (run.runs !== undefined && run.runs > 1)
        return `${oneRunLink(run)} (${run.runs} runs)`;
    return oneRunLink(run);
}
function oneRunLink(run) {
    return markdown_link(escapeMarkdown(run.runName || run.runId, 80), run.url);
}
/** A rule's text ("≥ 0.9", "at most 1% worse than baseline"), escaped. */
function ruleText(description) {
    return escapeMarkdown(description, 300);
}
function value(v) {
    return v === undefined ? '—' : formatNumber(v);
}
/** What the arrows of the Change column mean: better or worse, whatever the sign says. */
const ARROW_LEGEND = '<sub>▲ better · ▼ worse · ≈ within the noise · = the same. The arrow says better or worse for the metric (lower is better for some); the sign says up or down.</sub>';
/** The change against the baseline in plain text: arrow, delta and relative change. */
function changeText(m) {
    if (m.change === undefined)
        return '';
    const arrow = { better: '▲ ', worse: '▼ ', within: '≈ ', same: '= ', unknown: '' }[m.direction];
    const delta = m.change > 0 ? `+${formatNumber(m.change)}` : formatNumber(m.change);
    const rel = m.relativeChange !== undefined && Number.isFinite(m.relativeChange) && m.change !== 0
        ? ` (${m.relativeChange > 0 ? '+' : ''}${formatNumber(Number((m.relativeChange * 100).toFixed(2)))}%)`
        : '';
    return `${arrow}${delta}${rel}`;
}
function rule(m) {
    const parts = m.checks.map(c => c.passed ? ruleText(c.description) : `**${ruleText(c.description)}**`);
    if (m.checks.length === 0 && m.greaterIsBetter !== undefined)
        parts.push(m.greaterIsBetter ? 'higher is better' : 'lower is better');
    if (m.level === 'warn' && m.status !== 'info')
        parts.push('warn only');
    const how = m.decision === undefined
        ? ''
        : `<br><sub>${escapeMarkdown(decisionText(m.decision), 400)}</sub>`;
    return parts.join('; ') + how;
}
function percent(fraction) {
    return `${formatNumber(Number((fraction * 100).toFixed(2)))}%`;
}
/**
 * How a metric of several runs was decided, in one line of plain text (each renderer escapes
 * it): the method and the sizes, the interval of the change, the p-value or the limit, and the
 * smallest regression it can see.
 */
function decisionText(d) {
    const parts = [d.method];
    if (d.interval !== undefined) {
        const level = formatNumber(Number((d.interval.level * 100).toFixed(1)));
        parts.push(`change ${percent(d.interval.low)} to ${percent(d.interval.high)} (${level}%)`);
    }
    if (d.pValue !== undefined)
        parts.push(`p ${formatNumber(d.pValue)} (α ${formatNumber(d.alpha)})`);
    if (d.limit !== undefined)
        parts.push(`limit ${formatNumber(d.limit)}`);
    if (d.mde !== undefined)
        parts.push(`detects ${percent(d.mde)} beyond the rule`);
    if (d.significance !== 'none')
        parts.push(`significantly ${d.significance}`);
    return parts.join(' · ');
}
function metricRow(m, ratings) {
    const notes = m.notes.length > 0
        ? `<br><sub>${m.notes.map(n => escapeMarkdown(n, 300)).join('; ')}</sub>`
        : '';
    const rating = ratings === undefined ? '' : ` ${ratingCell(ratings.get(m.metric))} |`;
    return `| ${escapeMarkdown(m.metric, 120)} |${rating} ${value(m.candidate)} | ${value(m.baseline)} | ${changeText(m)} | ${rule(m)}${notes} | ${STATUS_TEXT[m.status]} |`;
}
const COLOUR = { A: '🟩', B: '🟨', C: '🟧', D: '🟥', E: '🟥' };
function chip(letter) {
    return letter ? `${COLOUR[letter]} ${letter}` : '⬜ ?';
}
function ratingCell(letter) {
    return letter === undefined ? '' : chip(letter);
}
/** Each rated metric's letter, or undefined when the label rates none (no Rating column). */
function ratingsOf(label) {
    if (label.metrics.length === 0)
        return undefined;
    return new Map(label.metrics.map(r => [r.metric, r.letter]));
}
/** The head of a metric table, with a Rating column when the label rates metrics. */
function tableHead(ratings) {
    return ratings === undefined
        ? ['| Metric | This run | Baseline | Change | Rule | Status |', '|---|--:|--:|--:|---|---|']
        : [
            '| Metric | Rating | This run | Baseline | Change | Rule | Status |',
            '|---|:-:|--:|--:|--:|---|---|'
        ];
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** Whether the label has any letter to show (a run with no rated metric has none). */
function rated(label) {
    return label.categories.some(c => c.letter !== undefined || c.baselineLetter !== undefined);
}
/**
 * The title line: the overall letter now and for the baseline, and the gate status, so a
 * reviewer reads the verdict without scrolling.
 */
function titleLine(report) {
    const { label } = report;
    const grade = rated(label)
        ? `Care label ${chip(label.overall)}${label.baselineOverall ? ` (baseline ${chip(label.baselineOverall)})` : ''}`
        : 'MLflow care label';
    return `### 🏷️ ${grade} · ${headline(report)}`;
}
/** One chip per category, each with its letter now. */
function chipLine(label) {
    if (!rated(label))
        return [];
    const chips = label.categories
        .map(c => `${chip(c.letter)} ${escapeMarkdown(capitalise(c.category), 40)}`)
        .join(' · ');
    return [chips, ''];
}
/**
 * The rules a pull request changes, in one sentence for the top of the report (plain text; each
 * renderer escapes it), or undefined when it changes none.
 */
function rulesChanged(report) {
    const changes = report.rules?.changes ?? [];
    if (changes.length === 0)
        return undefined;
    const judged = report.rules?.from === 'base'
        ? "it is judged by the base branch's rules"
        : 'it is judged by its own rules (rules: head)';
    return `This pull request changes the rules, and ${judged}. The changes: ${changes.join('; ')}.`;
}
/** GitHub's limit for a comment body (a check-run summary allows one character less). */
const MAX_COMMENT_LENGTH = 65536;
const DETAIL_LEVELS = [
    { charts: true, params: true, others: true, passing: true, rows: Infinity },
    { charts: false, params: true, others: true, passing: true, rows: Infinity },
    { charts: false, params: false, others: true, passing: true, rows: Infinity },
    { charts: false, params: false, others: false, passing: true, rows: Infinity },
    { charts: false, params: false, others: false, passing: false, rows: Infinity }
];
function renderMarkdown(report, maxLength = MAX_COMMENT_LENGTH) {
    for (const detail of DETAIL_LEVELS) {
        const text = renderWith(report, detail);
        if (text.length <= maxLength)
            return text;
    }
    // Still too long: halve the rows of the main table until it fits.
    let rows = report.comparison.metrics.length;
    let text = renderWith(report, {
        charts: false,
        params: false,
        others: false,
        passing: false,
        rows
    });
    while (text.length > maxLength && rows > 0) {
        rows = Math.floor(rows / 2);
        text = renderWith(report, { charts: false, params: false, others: false, passing: false, rows });
    }
    return text;
}
function renderWith(report, detail) {
    // What a section leaves out to fit, said once near the end.
    const omitted = [];
    const lines = [...headSection(report), ...metricSections(report, detail, omitted)];
    lines.push(...testSection(report));
    lines.push(...paramSection(report, detail, omitted));
    const histories = report.histories ?? [];
    if (histories.length > 0 && !detail.charts) {
        omitted.push(`${histories.length} metric history chart(s)`);
    }
    else if (histories.length > 0) {
        lines.push(...historySection(histories, report.baseline !== undefined));
    }
    const artifact = safeUrl(report.artifactUrl);
    if (artifact !== undefined) {
        lines.push(`📄 The HTML report and the SVG label: ${markdown_link('workflow artifact', artifact)}`, '');
    }
    if (report.labelArtifacts !== undefined) {
        lines.push(`🏷️ The label is logged with the run in MLflow: ${escapeMarkdown(report.labelArtifacts.uri, 120)} (care-label.svg, report.json, report.html)${report.labelArtifacts.tagged ? ", and its letters as the run's care-label.grade tags" : ''}.`, '');
    }
    if (report.registration !== undefined) {
        const { text, problem } = registrationText(report.registration);
        lines.push(`${problem ? '⚠️' : '📦'} ${escapeMarkdown(text, 1000)}`, '');
    }
    if (omitted.length > 0) {
        lines.push(`> Left out to fit GitHub's size limit: ${omitted.join(', ')}. Every number is in the JSON report (report.json).`, '');
    }
    return `${[...lines, ...footSection(report)].join('\n')}\n`;
}
/** The marker, the title, a rules change, the category chips and what was compared with what. */
function headSection(report) {
    const lines = [reportMarker(report.key), titleLine(report), ''];
    const changes = rulesChanged(report);
    if (changes !== undefined)
        lines.push(`> ⚠️ ${escapeMarkdownLine(changes, 3000)}`, '');
    lines.push(...chipLine(report.label));
    const baselineNote = report.baseline ? runNote(report.baseline) : undefined;
    const against = report.baseline
        ? `compared with the baseline run ${runLink(report.baseline)} (${baselineNote ? `${escapeMarkdown(baselineNote, 300)}; ` : ''}${escapeMarkdown(report.baselineHow, 300)})`
        : escapeMarkdown(report.baselineHow.replace(/\.$/, ''), 300);
    const model = runNote(report.run);
    lines.push(`**${escapeMarkdown(report.experimentName, 100)}** · this run: ${runLink(report.run)}${model ? ` (${escapeMarkdown(model, 300)})` : ''}, ${against}.`, '');
    return lines;
}
/**
 * The metric tables: the metrics the config names (checked, rated, or just given a direction)
 * first, cut to `detail`; the rest of what the run logged folds away.
 */
function metricSections(report, detail, omitted) {
    const lines = [];
    const configured = (m) => m.greaterIsBetter !== undefined;
    let checked = report.comparison.metrics.filter(configured);
    const others = report.comparison.metrics.filter(m => !configured(m));
    if (!detail.passing) {
        const passing = checked.filter(m => m.status === 'pass' || m.status === 'info');
        if (passing.length > 0)
            omitted.push(`${passing.length} passing or unchecked metric(s) of the config`);
        checked = checked.filter(m => m.status !== 'pass' && m.status !== 'info');
    }
    if (checked.length > detail.rows) {
        omitted.push(`${checked.length - detail.rows} more metric row(s)`);
        checked = checked.slice(0, detail.rows);
    }
    const ratings = ratingsOf(report.label);
    if (checked.length > 0) {
        lines.push(...tableHead(ratings), ...checked.map(m => metricRow(m, ratings)), '');
        if (checked.some(m => m.change !== undefined))
            lines.push(ARROW_LEGEND, '');
    }
    if (others.length > 0 && !detail.others) {
        omitted.push(`${others.length} metric(s) not in the config`);
    }
    else if (others.length > 0) {
        // Metrics outside the config are never rated: their table has no Rating column.
        const table = [...tableHead(undefined), ...others.map(m => metricRow(m, undefined)), ''];
        if (checked.length === 0)
            lines.push(...table);
        else
            lines.push(...folded(`Other metrics (${others.length}), not in the config`, table));
    }
    if (report.comparison.metrics.length === 0)
        lines.push('_The run logged no metrics._', '');
    return lines;
}
/** `lines` under a summary that opens them. */
function folded(summary, lines) {
    return [`<details><summary>${summary}</summary>`, '', ...lines, '</details>', ''];
}
/** The care-label tests: each one's run, its baseline's run, where it ran, and how it ended. */
function testSection(report) {
    const tests = report.tests ?? [];
    if (tests.length === 0)
        return [];
    const id = (runId) => runId === undefined ? '—' : escapeMarkdown(runId.slice(0, 8), 8);
    // The column only when some test says where it ran.
    const where = tests.some(t => t.ranOn !== undefined);
    const rows = tests.map(t => {
        const cells = [
            escapeMarkdown(t.name, 100),
            escapeMarkdown(t.category ?? '—', 100),
            escapeMarkdown(t.entryPoint, 100),
            t.status === 'not-measured' ? '—' : markdown_link(id(t.runId), t.url),
            id(t.baselineRunId),
            ...(where ? [escapeMarkdown(t.ranOn ?? '—', 200)] : []),
            String(t.metrics.length),
            testStatus(t)
        ];
        return `| ${cells.join(' | ')} |`;
    });
    const missing = tests.filter(t => t.status === 'not-measured').length;
    return [
        `**Tests** (${tests.length}, nested under this run${missing > 0 ? `; ${missing} not measured` : ''}):`,
        '',
        `| Test | Category | Entry point | Run | Baseline run |${where ? ' Ran on |' : ''} Metrics | Status |`,
        `|---|---|---|---|---|${where ? '---|' : ''}--:|---|`,
        ...rows,
        ''
    ];
}
function testStatus(t) {
    if (t.status === 'passed')
        return '✅ passed';
    if (t.status === 'failed')
        return t.level === 'fail' ? '❌ failed' : '⚠️ failed (warn)';
    const text = t.required ? '❌ not measured (required)' : '⬜ not measured';
    // The workflow run whose job did not report it.
    return t.url === undefined ? text : markdown_link(text, t.url);
}
/** The parameters that differ from the baseline's, folded away. */
function paramSection(report, detail, omitted) {
    const changes = report.paramChanges;
    if (!report.baseline || changes.length === 0)
        return [];
    if (!detail.params) {
        omitted.push(`${changes.length} changed parameter(s)`);
        return [];
    }
    const cell = (v) => (v === undefined ? '—' : escapeMarkdown(v, 200));
    const rows = changes.map(p => `| ${escapeMarkdown(p.key, 120)} | ${cell(p.candidate)} | ${cell(p.baseline)} |`);
    const table = ['| Parameter | This run | Baseline |', '|---|---|---|', ...rows, ''];
    return folded(`Parameters that changed (${changes.length})`, table);
}
/** The notes, where it was measured, and the footer line. */
function footSection(report) {
    const lines = [];
    const notes = [...report.notes];
    if (report.config.note)
        notes.push(report.config.note);
    for (const note of notes)
        lines.push(`> ${escapeMarkdownLine(note, 500)}`, '');
    const measured = environmentLine(report.environment);
    if (measured !== '')
        lines.push(`<sub>${measured}</sub>`, '');
    const footer = [`<sub>mlflow-care-label · ${escapeMarkdown(report.store, 200)}`];
    if (report.label.overall !== undefined)
        footer.push(escapeMarkdown(report.label.how, 200));
    const labelNotes = report.label.notes;
    for (const note of labelNotes.slice(0, 5))
        footer.push(escapeMarkdown(note, 200));
    if (labelNotes.length > 5)
        footer.push(`${labelNotes.length - 5} more unrated metric(s)`);
    if (report.config.file)
        footer.push(`rules from ${escapeMarkdown(report.config.file, 200)}`);
    const workflowRun = safeUrl(report.context.workflowRunUrl);
    if (workflowRun !== undefined)
        footer.push(markdown_link('workflow run', workflowRun));
    lines.push(`${footer.join(' · ')}</sub>`);
    return lines;
}
/** Where the numbers were measured, in one line; empty when nothing is known. */
function environmentLine(env) {
    if (env === undefined)
        return '';
    const parts = [
        env.runner,
        env.cpu,
        env.gpu === undefined ? undefined : `GPU ${env.gpu}`,
        env.python === undefined ? undefined : `Python ${env.python}`,
        env.mlflow === undefined ? undefined : `MLflow ${env.mlflow}`
    ].filter((p) => p !== undefined && p !== '');
    if (parts.length === 0)
        return '';
    return `Measured on ${parts.map(p => escapeMarkdown(p, 120)).join(' · ')}`;
}
/**
 * A Mermaid line cannot stop early: a line whose steps end (or start) inside the axis is held
 * flat there. Say so, so that no one reads a plateau into it.
 */
function heldLines(history) {
    const all = [...history.candidate, ...(history.baseline ?? [])].map(p => p.step);
    const [low, high] = [Math.min(...all), Math.max(...all)];
    const notes = [];
    for (const [name, line] of [
        ['this run', history.candidate],
        ['the baseline', history.baseline ?? []]
    ]) {
        if (line.length === 0)
            continue;
        const first = line[0]?.step ?? low;
        const last = line[line.length - 1]?.step ?? high;
        if (first > low || last < high) {
            notes.push(`${name} logged steps ${first} to ${last}; its line is held flat outside them`);
        }
    }
    return notes.length > 0 ? `${capitalise(notes.join('; '))}.` : '';
}
/** The metric histories: one Mermaid line chart each, with its points in a table beside it. */
function historySection(histories, hasBaseline) {
    const lines = [
        `<details><summary>📈 Metric histories (${histories.length})</summary>`,
        '',
        hasBaseline
            ? 'First line (grey): the baseline · second line (blue, drawn on top): this run.'
            : 'The line is this run.',
        ''
    ];
    for (const history of histories) {
        lines.push(`**${escapeMarkdown(history.metric, 120)}**`, '', ...mermaidChart(history), '');
        const held = heldLines(history);
        if (held !== '')
            lines.push(`<sub>${held}</sub>`, '');
        lines.push('| Step | This run | Baseline |', '|--:|--:|--:|');
        const candidate = new Map(history.candidate.map(p => [p.step, p.value]));
        const baseline = new Map((history.baseline ?? []).map(p => [p.step, p.value]));
        const steps = [...new Set([...candidate.keys(), ...baseline.keys()])].sort((a, b) => a - b);
        for (const step of steps) {
            lines.push(`| ${step} | ${value(candidate.get(step))} | ${value(baseline.get(step))} |`);
        }
        lines.push('');
    }
    lines.push('</details>', '');
    return lines;
}

;// CONCATENATED MODULE: ./src/core/render/svg.ts

/** Text of the report for SVG text or an attribute value. */
function svgText(text, maxLength) {
    return escapeXml(text, maxLength);
}
const LETTER_COLOURS = {
    A: '#2da44e',
    B: '#d4a72c',
    C: '#fb8500',
    D: '#cf222e',
    E: '#82071e',
    '?': '#afb8c1'
};
const WIDTH = 420;
const ROW = 30;
const FONT = 'font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
function svg_capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** The verdict in words and its colour. */
function gateStatus(report) {
    if (report.verdict === 'fail') {
        return report.gate
            ? { text: 'checks failed: merge blocked', colour: LETTER_COLOURS.D }
            : { text: 'checks failed (not gating)', colour: LETTER_COLOURS.C };
    }
    if (report.verdict === 'no-baseline')
        return { text: 'no baseline yet', colour: '#57606a' };
    return { text: 'all checks passed', colour: LETTER_COLOURS.A };
}
/**
 * The status pill, right-aligned: wide enough for its text at 12 px semi-bold (at most 7 px a
 * character in the sans-serif fonts named) with 14 px of padding inside each rounded end.
 */
const PILL = { charWidth: 7, padding: 14, right: WIDTH - 18 };
function pillOf(text) {
    const width = Math.ceil(text.length * PILL.charWidth + 2 * PILL.padding);
    return { x: PILL.right - width, width };
}
/** A letter in a coloured rounded square. */
function letterBox(x, y, size, letter, attribute) {
    const shown = letter ?? '?';
    return [
        `<rect x="${x}" y="${y}" width="${size}" height="${size}" rx="${size / 6}" fill="${LETTER_COLOURS[shown]}"/>`,
        `<text x="${x + size / 2}" y="${y + size * 0.72}" text-anchor="middle" font-size="${Math.round(size * 0.62)}" font-weight="700" fill="#ffffff" ${attribute}>${shown}</text>`
    ].join('');
}
function renderLabelSvg(report) {
    const { label } = report;
    const status = gateStatus(report);
    const environment = report.environment
        ? [
            report.environment.runner,
            report.environment.cpu,
            report.environment.gpu && `GPU ${report.environment.gpu}`,
            report.environment.python && `Python ${report.environment.python}`,
            report.environment.mlflow && `MLflow ${report.environment.mlflow}`
        ].filter((p) => typeof p === 'string' && p !== '')
        : [];
    const top = 118;
    const rowsHeight = label.categories.length * ROW;
    const footer = top + rowsHeight + 14;
    // The environment in two short lines: the machine, then the software.
    const envLines = [environment.slice(0, 2), environment.slice(2)]
        .map(line => line.join(' · '))
        .filter(line => line !== '');
    const height = footer + 22 + envLines.length * 15 + 8;
    const parts = [];
    parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="care-label-title">`, `<title id="care-label-title">MLflow care label ${label.overall ?? '?'}: ${svgText(status.text)}</title>`, `<rect x="1" y="1" width="${WIDTH - 2}" height="${height - 2}" rx="10" fill="#ffffff" stroke="#d0d7de" stroke-width="2"/>`, `<g ${FONT}>`, `<text x="18" y="30" font-size="15" font-weight="700" fill="#1f2328">MLflow care label</text>`, `<text x="18" y="48" font-size="12" fill="#57606a">${svgText(report.experimentName, 60)}</text>`, letterBox(18, 58, 50, label.overall, 'data-role="overall"'), `<text x="80" y="78" font-size="12" fill="#57606a">overall</text>`);
    if (label.baselineOverall !== undefined) {
        parts.push(`<text x="80" y="98" font-size="12" fill="#57606a">baseline</text>`, letterBox(136, 84, 18, label.baselineOverall, 'data-role="baseline-overall"'));
    }
    const pill = pillOf(status.text);
    parts.push(`<rect x="${pill.x}" y="64" width="${pill.width}" height="26" rx="13" fill="${status.colour}"/>`, `<text x="${pill.x + pill.width / 2}" y="81" text-anchor="middle" font-size="12" font-weight="600" fill="#ffffff" data-role="status">${svgText(status.text)}</text>`, `<line x1="18" y1="${top - 6}" x2="${WIDTH - 18}" y2="${top - 6}" stroke="#d0d7de"/>`);
    label.categories.forEach((category, i) => {
        const y = top + i * ROW;
        parts.push(`<text x="18" y="${y + 17}" font-size="13" fill="#1f2328">${svgText(svg_capitalise(category.category), 40)}</text>`, letterBox(WIDTH - 140, y, 24, category.letter, `data-category="${svgText(category.category, 200)}"`));
        if (category.baselineLetter !== undefined) {
            parts.push(`<text x="${WIDTH - 100}" y="${y + 17}" font-size="11" fill="#57606a">baseline</text>`, letterBox(WIDTH - 46, y + 4, 16, category.baselineLetter, 'data-role="baseline-category"'));
        }
    });
    parts.push(`<text x="18" y="${footer + 4}" font-size="11" fill="#57606a">${svgText(label.how, 90)}</text>`);
    envLines.forEach((line, i) => {
        parts.push(`<text x="18" y="${footer + 22 + i * 15}" font-size="10" fill="#57606a">${svgText(line, 80)}</text>`);
    });
    parts.push('</g>', '</svg>');
    return `${parts.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/core/render/html.ts
/**
 * The HTML report: one self-contained page (inline style, no scripts, nothing loaded from
 * elsewhere, a Content-Security-Policy that forbids both) with the SVG label as its heading, the
 * metric table, the changed parameters, the environment and the metric histories, each as an
 * inline SVG chart (drawn beforehand from history-chart.ts's specification and passed in) above
 * the table of its points. Everything from the run is escaped (bidi controls and zero-width characters shown as escapes), and a
 * link is written only to a plain http(s) address (safeUrl). Pure.
 */






const STYLE = `body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;max-width:980px;margin:24px auto;padding:0 16px;line-height:1.45}
h1.card{margin:0 0 12px;line-height:0}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f8fa}
.fail,.missing{color:#cf222e;font-weight:600}.warn{color:#9a6700;font-weight:600}.pass{color:#1a7f37}
.muted{color:#57606a;font-size:13px}td.rating{text-align:center}td.rating span{display:inline-block;min-width:1.4em;border-radius:4px;color:#fff;font-weight:700;text-align:center}figure{margin:12px 0}
figure.chart svg{display:block;max-width:100%;height:auto}`;
const html_text = (value, max = 256) => escapeXml(value, max);
function html_value(v) {
    return v === undefined ? '—' : html_text(formatNumber(v));
}
/** A link only to a plain http(s) address (safeUrl); anything else is shown as text. */
function html_runLink(run) {
    const name = html_text(run.runName || run.runId, 120);
    const href = safeUrl(run.url);
    return href === undefined ? name : `<a href="${escapeXml(href, href.length)}">${name}</a>`;
}
function html_rule(m) {
    const parts = m.checks.map(c => c.passed ? html_text(c.description) : `<strong>${html_text(c.description)}</strong>`);
    if (m.checks.length === 0 && m.greaterIsBetter !== undefined)
        parts.push(m.greaterIsBetter ? 'higher is better' : 'lower is better');
    if (m.level === 'warn' && m.status !== 'info')
        parts.push('warn only');
    if (m.decision !== undefined)
        parts.push(html_text(decisionText(m.decision), 400));
    const notes = m.notes.map(n => html_text(n, 300)).join('; ');
    return parts.join('; ') + (notes ? `<br><small class="muted">${notes}</small>` : '');
}
/** The metric's letter on the label, coloured as the label colours it; empty when unrated. */
function html_ratingCell(letter) {
    if (letter === undefined)
        return '<td></td>';
    return `<td class="rating"><span style="background:${LETTER_COLOURS[letter]}">${letter}</span></td>`;
}
function metricTable(metrics, ratings) {
    const rated = ratings !== undefined;
    const rows = metrics.map(m => `<tr><td>${html_text(m.metric, 200)}</td>${rated ? html_ratingCell(ratings?.get(m.metric)) : ''}<td class="n">${html_value(m.candidate)}</td><td class="n">${html_value(m.baseline)}</td><td class="n">${html_text(changeText(m))}</td><td>${html_rule(m)}</td><td class="${m.status}">${m.status === 'info' ? '' : m.status}</td></tr>`);
    const head = rated ? '<th>Metric</th><th>Rating</th>' : '<th>Metric</th>';
    return `<table><thead><tr>${head}<th>This run</th><th>Baseline</th><th>Change</th><th>Rule</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
function historyFigure(metric, chart) {
    if (chart === undefined)
        return '';
    // Vega's SVG names none of its parts for a screen reader; the figure says what it shows.
    if ('svg' in chart)
        return `<figure class="chart" aria-label="history of ${html_text(metric, 200)}">${chart.svg}</figure>`;
    return `<p class="muted">The chart could not be drawn: ${html_text(chart.error, 300)}</p>`;
}
function historyTable(history) {
    const candidate = new Map(history.candidate.map(p => [p.step, p.value]));
    const baseline = new Map((history.baseline ?? []).map(p => [p.step, p.value]));
    const steps = [...new Set([...candidate.keys(), ...baseline.keys()])].sort((a, b) => a - b);
    const rows = steps.map(step => `<tr><td class="n">${html_text(formatNumber(step))}</td><td class="n">${html_value(candidate.get(step))}</td><td class="n">${html_value(baseline.get(step))}</td></tr>`);
    return `<table><thead><tr><th>Step</th><th>This run</th><th>Baseline</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
/** The changed parameters, when there is a baseline to differ from. */
function html_paramSection(report) {
    if (!report.baseline || report.paramChanges.length === 0)
        return [];
    const rows = report.paramChanges.map(p => `<tr><td>${html_text(p.key, 200)}</td><td>${p.candidate === undefined ? '—' : html_text(p.candidate, 500)}</td><td>${p.baseline === undefined ? '—' : html_text(p.baseline, 500)}</td></tr>`);
    return [
        `<h2>Parameters that changed (${report.paramChanges.length})</h2>`,
        `<table><thead><tr><th>Parameter</th><th>This run</th><th>Baseline</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    ];
}
/** Each history: its chart (when drawn) above the table of its points. */
function html_historySection(histories, charts) {
    if (histories.length === 0)
        return [];
    return [
        '<h2>Metric histories</h2>',
        ...histories.flatMap(history => [
            `<h3>${html_text(history.metric, 200)}</h3>`,
            historyFigure(history.metric, charts.get(history.metric)),
            ...(history.baselineBand
                ? [
                    `<p class="muted">The grey band: the lowest to the highest value of the baseline's latest ${history.baselineBand.runs} runs at each step; the grey line: its latest run.</p>`
                ]
                : []),
            historyTable(history)
        ])
    ].filter(part => part !== '');
}
/** The care-label tests: each one's run (linked), where it ran, and how it ended. */
function html_testSection(report) {
    const tests = report.tests ?? [];
    if (tests.length === 0)
        return [];
    const status = (t) => {
        if (t.status === 'passed')
            return ['pass', 'passed'];
        if (t.status === 'failed')
            return t.level === 'fail' ? ['fail', 'failed'] : ['warn', 'failed (warn)'];
        return t.required ? ['fail', 'not measured (required)'] : ['missing', 'not measured'];
    };
    const rows = tests.map(t => {
        const [css, said] = status(t);
        const href = safeUrl(t.url);
        const id = t.runId === undefined ? '—' : html_text(t.runId.slice(0, 8), 8);
        const run = href === undefined || t.status === 'not-measured'
            ? id
            : `<a href="${escapeXml(href, href.length)}">${id}</a>`;
        const shown = t.status === 'not-measured' && href !== undefined
            ? `<a href="${escapeXml(href, href.length)}">${said}</a>`
            : said;
        return `<tr><td>${html_text(t.name, 100)}</td><td>${html_text(t.category ?? '—', 100)}</td><td>${html_text(t.entryPoint, 100)}</td><td>${run}</td><td>${html_text(t.ranOn ?? '—', 200)}</td><td class="n">${t.metrics.length}</td><td class="${css}">${shown}</td></tr>`;
    });
    return [
        `<h2>Tests (${tests.length})</h2>`,
        `<table><thead><tr><th>Test</th><th>Category</th><th>Entry point</th><th>Run</th><th>Ran on</th><th>Metrics</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    ];
}
function environmentSection(report) {
    const env = report.environment;
    if (env === undefined)
        return [];
    const rows = [
        ['Runner', env.runner],
        ['CPU', env.cpu],
        ['GPU', env.gpu],
        ['Python', env.python],
        ['MLflow', env.mlflow]
    ]
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => `<tr><th>${k}</th><td>${html_text(v ?? '', 300)}</td></tr>`);
    return rows.length > 0 ? ['<h2>Measured on</h2>', `<table>${rows.join('')}</table>`] : [];
}
/**
 * The page. The care label is its heading: the card shows the title, the letters and the gate's
 * status, so the page does not repeat them above it. `charts` are the histories' charts by
 * metric name (adapters/vega-charts.ts draws them); without them the tables stand alone.
 */
function renderHtml(report, charts = new Map()) {
    const title = `MLflow care label ${report.label.overall ?? '?'} · ${report.experimentName}`;
    const changed = rulesChanged(report);
    const notes = [...report.notes, ...(report.config.note ? [report.config.note] : [])];
    const body = [
        `<h1 class="card">${renderLabelSvg(report)}</h1>`,
        ...(changed ? [`<p><strong>⚠️ ${html_text(changed, 3000)}</strong></p>`] : []),
        `<p>This run: ${html_runLink(report.run)}${modelOf(report)}${report.baseline ? `, compared with the baseline run ${html_runLink(report.baseline)}` : ''}. <span class="muted">${html_text(report.baselineHow, 500)}</span></p>`,
        '<h2>Metrics</h2>',
        report.comparison.metrics.length > 0
            ? metricTable(report.comparison.metrics, ratingsOf(report.label))
            : '<p>The run logged no metrics.</p>',
        ...html_testSection(report),
        ...html_paramSection(report),
        ...html_historySection(report.histories ?? [], charts),
        ...environmentSection(report),
        ...notes.map(note => `<p class="muted">${html_text(note, 500)}</p>`),
        ...(report.labelArtifacts
            ? [
                `<p>This label is logged with ${html_runLink(report.run)} in MLflow: <code>${html_text(report.labelArtifacts.uri, 120)}</code> (care-label.svg, report.json, report.html)${report.labelArtifacts.tagged ? ', and its letters as the run’s <code>care-label.grade</code> tags' : ''}.</p>`
            ]
            : []),
        ...registrationSection(report),
        `<p class="muted">${html_text(report.label.how, 300)} · ${html_text(report.store, 300)}${report.config.file ? ` · rules from ${html_text(report.config.file, 300)}` : ''}</p>`
    ];
    return [
        '<!doctype html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${html_text(title, 200)}</title>`,
        `<style>${STYLE}</style>`,
        '</head>',
        '<body>',
        ...body,
        '</body>',
        '</html>',
        ''
    ].join('\n');
}
/** " (judged by its logged model …)", or nothing. */
function modelOf(report) {
    const model = runNote(report.run);
    return model === undefined ? '' : ` (${html_text(model, 300)})`;
}
function registrationSection(report) {
    if (report.registration === undefined)
        return [];
    const { text: said, problem } = registrationText(report.registration);
    return [`<p>${problem ? '⚠️' : '📦'} ${html_text(said, 1000)}</p>`];
}

;// CONCATENATED MODULE: ./src/pipeline/write-files.ts
/**
 * Step 9: the report's files in the output directory: report.json (what the publish stage
 * reads), the SVG label and the HTML report with its charts. report.md is written with the
 * comment, once the bundle's page is known (see write-comment).
 */






function reportFiles(outputDir) {
    return {
        json: external_node_path_default().join(outputDir, 'report.json'),
        svg: external_node_path_default().join(outputDir, 'care-label.svg'),
        html: external_node_path_default().join(outputDir, 'report.html'),
        markdown: external_node_path_default().join(outputDir, 'report.md')
    };
}
/**
 * Writes report.json, care-label.svg and report.html (with `charts`, drawn once beforehand for
 * every copy of the report); returns the paths of all four files.
 */
function writeReportFiles(outputDir, report, charts) {
    const files = reportFiles(outputDir);
    (0,external_node_fs_.mkdirSync)(outputDir, { recursive: true });
    (0,external_node_fs_.writeFileSync)(files.json, `${toJson(report)}\n`);
    (0,external_node_fs_.writeFileSync)(files.svg, renderLabelSvg(report));
    (0,external_node_fs_.writeFileSync)(files.html, renderHtml(report, charts));
    return files;
}
/** Renders the comment (the one Markdown rendering) and writes it as report.md. */
function writeComment(files, report) {
    const markdown = renderMarkdown(report);
    (0,external_node_fs_.writeFileSync)(files.markdown, markdown);
    return markdown;
}

;// CONCATENATED MODULE: ./src/pipeline/log-label.ts
/**
 * The label travels with the run (after the report is built, before its files are published):
 * care-label.svg, report.json and report.html are logged as artifacts of the run the report shows (under care-label/), and the letters as its tags, so
 * the MLflow UI shows the label beside the run. It never fails the job: what cannot be logged is
 * a warning that says what to fix, and the report, its bundle and the local store go on.
 *
 * Which run: the one the report shows. That is the candidate run itself, or, for repeats, the
 * parent run that groups them (the label judges the set, and MLflow's UI nests the repeats under
 * it); never a baseline run.
 */







/**
 * Tags the report's run with its letters, then logs the label's files with it; returns where the
 * files are (and whether the tags were set), or undefined when the files could not be logged
 * (the warning says why). Call it while the stores are open. Never throws.
 */
async function logLabel(report, request, deps) {
    const runId = request.run.info.runId;
    return deps.log.group(`Logging the care label with run ${runId}`, async () => {
        const tags = labelTags(report);
        const tagged = await tagRun(runId, tags, deps);
        const logged = await logFiles(report, tagged, request, deps);
        const said = [
            tagged ? `tagged the run ${TAG.grade}=${tags[TAG.grade] ?? '?'}` : '',
            logged ? `logged care-label.svg, report.json and report.html to ${logged.uri}` : ''
        ].filter(Boolean);
        if (said.length > 0)
            deps.log.info(`Care label: ${said.join(', and ')}.`);
        return logged;
    });
}
/** The files, through the runner (MLflow, into whatever artifact store the run's are in). */
async function logFiles(report, tagged, request, deps) {
    const { runId, artifactUri } = request.run.info;
    const artifacts = { ...labelArtifactsOf(runId), tagged };
    try {
        // A clean directory: a file left from an earlier run here would be logged too.
        (0,external_node_fs_.rmSync)(request.dir, { recursive: true, force: true });
        const files = writeReportFiles(request.dir, { ...report, labelArtifacts: artifacts }, request.charts);
        // A tracking server's artifact proxy takes them over its own API; any other root through
        // MLflow's client, which knows every artifact store.
        const store = deps.stores.primary();
        const sent = await store.logArtifactFiles?.(artifactUri, labelFiles(files));
        if (sent !== true) {
            await deps.runner.logArtifacts({
                trackingUri: request.trackingUri,
                runId,
                artifactUri,
                dir: request.dir,
                artifactPath: LABEL_ARTIFACT_PATH
            });
        }
        return artifacts;
    }
    catch (error) {
        const where = artifactUri ? ` (${redactUri(artifactUri)})` : '';
        deps.notes.warn(`Could not log the care label with run ${runId} (artifacts under ${LABEL_ARTIFACT_PATH}/): ${sentence(redactText(errorMessage(error)))} ` +
            `Check that this job can write to the run's artifact store${where}: a tracking server's --artifacts-destination, or the credentials of its bucket in the job's environment. The report is not affected.`);
        return undefined;
    }
}
/** The label's three files as artifacts under care-label/. */
function labelFiles(files) {
    return [files.svg, files.json, files.html].map(file => ({
        path: `${LABEL_ARTIFACT_PATH}/${external_node_path_default().basename(file)}`,
        body: (0,external_node_fs_.readFileSync)(file, 'utf8')
    }));
}
/** The tags, through the tracking store (still open: the caller closes it). */
async function tagRun(runId, tags, deps) {
    try {
        await deps.stores.primary().setTags(runId, tags);
        return true;
    }
    catch (error) {
        deps.notes.warn(`Could not tag run ${runId} with its care label (${TAG.grade} and the category letters): ${sentence(redactText(errorMessage(error)))} ` +
            'Check that the tracking credentials may write to the run.');
        return false;
    }
}
/** Ends a message from elsewhere with a full stop, so that the advice after it reads apart. */
function sentence(text) {
    const trimmed = text.trim();
    return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

;// CONCATENATED MODULE: ./src/pipeline/notes.ts
function collectNotes(log) {
    const list = [];
    return {
        warn(message, location) {
            log.warning(message, location);
            list.push(message);
        },
        list
    };
}

;// CONCATENATED MODULE: ./src/settings/tracking-uri.ts
/**
 * The tracking URI, parsed once: where runs are logged and read. Relative paths are resolved
 * against the workspace here, and only here, so that `mlflow run` (which starts the entry point
 * in the project directory) and this action mean the same file.
 */




const STORE_DB = 'mlflow.db';
/** The SQLite URI of an absolute path, as SQLAlchemy reads it (`sqlite:////abs/path`). */
function sqliteUri(file) {
    return `sqlite:///${file}`;
}
/** Where a local store keeps its runs' artifacts: `artifacts/` beside its database. */
function storeArtifactsDir(databasePath) {
    return external_node_path_default().join(external_node_path_default().dirname(databasePath), 'artifacts');
}
/** The directory of the action's own local store in the output directory. */
function ownStoreDir(outputDir) {
    return external_node_path_default().join(outputDir, 'mlflow');
}
/**
 * Parses the `tracking-uri` input: empty is the action's own local store in `outputDir`;
 * `sqlite:///relative/path` is resolved against `workspace`; `databricks` is the workspace that
 * `env` names.
 */
function parseTrackingUri(text, where) {
    const uri = text.trim();
    if (uri === '') {
        const file = external_node_path_default().join(ownStoreDir(where.outputDir), STORE_DB);
        return { kind: 'sqlite', uri: sqliteUri(file), path: file, own: true };
    }
    if (uri === 'databricks') {
        return { kind: 'server', uri, databricks: databricksWorkspace(where.env ?? {}) };
    }
    if (/^(databricks|databricks-uc|uc)(:|$)/.test(uri))
        throw otherDatabricksUri(uri);
    if (/^https?:\/\//i.test(uri)) {
        try {
            new URL(uri);
        }
        catch {
            throw new InputError('tracking-uri', `'${uri}' is not a valid URL.`);
        }
        return { kind: 'server', uri };
    }
    const sqlite = /^sqlite:\/\/\/([^?]*)(\?.*)?$/.exec(uri);
    if (sqlite) {
        const given = decodeURIComponent(sqlite[1] ?? '');
        if (given === '' || given === ':memory:') {
            throw new InputError('tracking-uri', `'${uri}' names no database file: write sqlite:///path/to/mlflow.db (relative to the workspace) or sqlite:////absolute/path/mlflow.db.`);
        }
        const file = external_node_path_default().resolve(where.workspace, given);
        return { kind: 'sqlite', uri: sqliteUri(file) + (sqlite[2] ?? ''), path: file, own: false };
    }
    if (/^file:/i.test(uri)) {
        let root;
        try {
            root = (0,external_node_url_.fileURLToPath)(uri);
        }
        catch (error) {
            throw new InputError('tracking-uri', `'${uri}' is not a file URL of a directory: ${errorMessage(error)}`);
        }
        return { kind: 'file', uri: (0,external_node_url_.pathToFileURL)(root).href, root };
    }
    throw new InputError('tracking-uri', 'must be an http(s):// address of an MLflow tracking server, databricks (a Databricks workspace), a sqlite:/// path or a file:// mlruns directory; leave it empty for a local store.');
}
/** The variables a `databricks` tracking URI is read from (for a caller that passes no others). */
function databricksEnv(env) {
    return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('DATABRICKS_')));
}
/** Where to set the two variables, as the surface's user sets them. */
function setBoth(surface) {
    return surface.name === 'cli'
        ? 'Set DATABRICKS_HOST and DATABRICKS_TOKEN in the environment.'
        : "Set DATABRICKS_HOST and DATABRICKS_TOKEN in the step's env from repository secrets: DATABRICKS_HOST: ${{ secrets.DATABRICKS_HOST }} and DATABRICKS_TOKEN: ${{ secrets.DATABRICKS_TOKEN }} (a pull request from a fork gets no secrets).";
}
/**
 * The workspace of the tracking URI `databricks`, from DATABRICKS_HOST, and a token for it. The
 * action reads the REST API with a token only (MLflow's client could also sign in with OAuth,
 * DATABRICKS_CLIENT_ID/SECRET): a missing token is refused here, saying what to set, rather than
 * answered 401 by the workspace.
 */
function databricksWorkspace(env) {
    const given = env['DATABRICKS_HOST']?.trim() ?? '';
    if (given === '') {
        throw new InputError('tracking-uri', surface => `databricks takes the workspace's address from DATABRICKS_HOST, which is not set. ${setBoth(surface)}`);
    }
    const host = databricksHost(given);
    if (host === undefined) {
        throw new InputError('tracking-uri', `DATABRICKS_HOST '${redactUri(given)}' is not the address of a Databricks workspace: write it as https://<workspace>.cloud.databricks.com (or https://adb-<id>.<n>.azuredatabricks.net), as the workspace's URL shows it.`);
    }
    if (!env['DATABRICKS_TOKEN']?.trim()) {
        const oauth = env['DATABRICKS_CLIENT_ID']
            ? ' This action reads the workspace with a token, not with DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET: create a token for the service principal.'
            : '';
        throw new InputError('tracking-uri', surface => `databricks sends DATABRICKS_TOKEN (a personal access token, or a service principal's) to the workspace, and it is not set.${oauth} ${setBoth(surface)}`);
    }
    return { host };
}
/** DATABRICKS_HOST read as DatabricksWorkspace.host says; undefined: not an address. */
function databricksHost(given) {
    let url;
    try {
        url = new URL(given.includes('://') ? given : `https://${given}`);
    }
    catch {
        return undefined;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
        return undefined;
    }
    url.search = '';
    url.hash = '';
    return url.href.replace(/\/+$/, '');
}
/**
 * The other Databricks forms MLflow knows, each refused with the one this action reads:
 * `databricks://<profile>` (a profile of ~/.databrickscfg, which a runner seldom has, and whose
 * values MLflow's client and the Databricks SDK each merge with the environment's their own way),
 * `databricks://<scope>:<prefix>` (secrets only a Databricks cluster can read) and
 * `databricks-uc`/`uc:` (registry URIs, which MLflow refuses as tracking URIs too).
 */
function otherDatabricksUri(uri) {
    if (!uri.startsWith('databricks:')) {
        return new InputError('tracking-uri', `'${redactUri(uri)}' is a model registry URI (Unity Catalog), not a tracking URI: write databricks, with DATABRICKS_HOST and DATABRICKS_TOKEN set.`);
    }
    return new InputError('tracking-uri', surface => `'${redactUri(uri)}' names a Databricks CLI profile (or secret scope), which this action does not read: write databricks. ${setBoth(surface)}`);
}
/**
 * A warning when the tracking URI's token would travel in clear text: DATABRICKS_TOKEN to an
 * http:// host that is not this machine. Not refused: a gateway on loopback is plain http.
 */
function clearTextWarning(location) {
    if (location.kind !== 'server' || location.databricks === undefined)
        return undefined;
    const url = new URL(location.databricks.host);
    if (url.protocol !== 'http:' || isLoopback(url.hostname))
        return undefined;
    return `DATABRICKS_HOST is ${redactUri(location.databricks.host)}, a plain http:// address: DATABRICKS_TOKEN is sent to it unencrypted. Use https://.`;
}
function isLoopback(hostname) {
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

;// CONCATENATED MODULE: ./src/pipeline/wait-for-run.ts


const ENDED = ['FINISHED', 'FAILED', 'KILLED'];
/**
 * The waits between two reads: quick at first (a run that is about to end costs seconds), then
 * every 15 s, one request each, as MLflow's own CLI polls a Kubernetes Job every 5 s and a
 * Databricks run every 30 s.
 */
const POLL_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000];
/** How often the log says the run is still going. */
const PROGRESS_EVERY_MS = 5 * 60_000;
/** Where MLflow links a databricks run's job run page (a tag of the run). */
const DATABRICKS_RUN_URL = 'mlflow.databricks.runURL';
/**
 * Reads the run until it has ended; returns it FINISHED. FAILED or KILLED is a ProjectRunFailed
 * (the run is kept, as for a failed local run); still running at the bound is a ProjectRunError
 * that names the run and the input that raises the bound.
 */
async function waitForRun(request, deps) {
    const { runId, backend } = request;
    const { store, log } = deps;
    const clock = deps.clock ?? realClock;
    const started = clock.now();
    const deadline = started + request.timeoutMinutes * 60_000;
    let nextProgress = started + PROGRESS_EVERY_MS;
    for (let poll = 0;; poll++) {
        // A transient failure was retried by the store already: what is left ends the wait.
        const run = await store.getRun(runId).catch((error) => {
            throw new ActionError(`Run '${runId}' could not be read from the ${store.description}: ${errorMessage(error)}`, { cause: error });
        });
        const status = run.info.status;
        const page = run.data.tags[DATABRICKS_RUN_URL];
        const where = page ? ` (its job run: ${page})` : '';
        if (ENDED.some(s => s === status)) {
            if (poll > 0)
                log.info(`Run ${runId} ended ${status} after ${since(clock.now(), started)}.`);
            if (status === 'FINISHED')
                return run;
            throw new ProjectRunFailed(`Run ${runId} ended ${status} on the ${backend} backend${where}; it is kept in the store.`, runId);
        }
        const now = clock.now();
        if (now >= deadline) {
            throw new ProjectRunError(surface => `Run ${runId} is still ${status} after ${request.timeoutMinutes} min on the ${backend} backend${where}, so it was not compared; it is left as it is in the store. If it needs longer, raise ${surface.input('wait-timeout-minutes')}.`);
        }
        if (poll === 0) {
            log.info(`Run ${runId} is ${status} on the ${backend} backend${where}: waiting for it to end, at most ${request.timeoutMinutes} min.`);
        }
        else if (now >= nextProgress) {
            log.info(`Run ${runId} is still ${status} after ${since(now, started)}.`);
            nextProgress += PROGRESS_EVERY_MS;
        }
        const delay = POLL_DELAYS_MS[Math.min(poll, POLL_DELAYS_MS.length - 1)] ?? 15_000;
        // The last read is at the bound itself, so a run that ends just in time is compared.
        await clock.sleep(Math.min(delay, deadline - now));
    }
}
/** Time since `started`, for the log: `40 s`, `7 min 3 s`. */
function since(now, started) {
    const ms = now - started;
    if (ms < 60_000)
        return formatWait(ms);
    const seconds = Math.round(ms / 1000);
    return `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}

;// CONCATENATED MODULE: ./src/pipeline/obtain-candidate.ts
/**
 * Step 4: the candidate. Either the MLproject runs here with the real `mlflow run`, or a run that
 * an earlier step logged is adopted; then the run is read back and tagged with where it ran
 * (so later runs find it as their baseline) and what it ran on.
 */






/** The run name when none is given: the pull request and commit, or the branch and commit. */
function defaultRunName(context) {
    const sha = context.headSha.slice(0, 7);
    if (context.pullRequest !== undefined)
        return `pr-${context.pullRequest}${sha ? `-${sha}` : ''}`;
    return [context.branch, sha].filter(Boolean).join('-');
}
/**
 * Runs the MLproject `repeats` times (the seed parameter set to 0, 1, …); returns the ids of the
 * runs it logged, in order. `record` is told each id as soon as it is known.
 */
async function obtain_candidate_runProject(request, stores, deps) {
    await prepareLocalStore(request.experimentName, stores, deps);
    const runIds = [];
    for (let i = 0; i < request.repeats; i++) {
        const runId = await runOnce(request, i, stores.location.uri, deps).catch(keepFailed(runIds, deps.record));
        runIds.push(runId);
        deps.record(runIds);
        await waitForEnd(runId, request, stores, deps);
    }
    return runIds;
}
/**
 * After `mlflow run` returned, whatever backend ran it: waits until its run has ended (a
 * databricks run was only submitted). Called once the run id is recorded, so that a run that
 * then fails, or is still running at the bound, is reported.
 */
async function waitForEnd(runId, request, stores, deps) {
    await waitForRun({ runId, backend: request.backend, timeoutMinutes: request.waitTimeoutMinutes }, { store: stores.primary(), log: deps.log, clock: deps.waitClock });
    // The next repeat's `mlflow` writes to a local store: no connection of ours stays open.
    if (stores.location.kind === 'sqlite')
        await stores.release();
}
/**
 * For a run's `catch`: a run that failed after MLflow logged it is kept, recorded after the runs
 * before it, and the failure goes on.
 */
function keepFailed(before, record) {
    return (error) => {
        if (error instanceof ProjectRunFailed && error.runId)
            record([...before, error.runId]);
        throw error;
    };
}
/** A local store is this action's to set up: the experiment keeps its artifacts beside it. */
async function prepareLocalStore(experimentName, stores, deps) {
    const { location } = stores;
    if (location.kind === 'sqlite') {
        (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(location.path), { recursive: true });
        const exists = (0,external_node_fs_.existsSync)(location.path) &&
            (await stores.primary().getExperimentByName(experimentName)) !== undefined;
        // `mlflow` writes to the store from another process: no connection of ours stays open.
        await stores.release();
        if (!exists) {
            await deps.log.group(`Creating experiment '${experimentName}' in the local store`, () => deps.runner.createExperiment(location.uri, experimentName, storeArtifactsDir(location.path)));
        }
    }
}
/** One `mlflow run` (repeat `index`); its run id, or a ProjectRunFailed that keeps it. */
async function runOnce(request, index, trackingUri, deps) {
    const repeated = request.repeats > 1;
    const seed = repeated ? request.seedParam : undefined;
    const parameters = [
        ...request.parameters.filter(([name]) => name !== seed),
        ...(seed === undefined ? [] : [[seed, String(index)]])
    ];
    const on = request.backend === 'local' ? '' : `, on ${request.backend}`;
    const title = `mlflow run ${request.project} -e ${request.entryPoint} (${request.envManager}${on})`;
    const outcome = await deps.log.group(repeated ? `${title}, repeat ${index + 1} of ${request.repeats}` : title, () => deps.runner.run({
        project: request.dir,
        entryPoint: request.entryPoint,
        parameters,
        envManager: request.envManager,
        backend: request.backend,
        backendConfig: request.backendConfig,
        experimentName: request.experimentName,
        runName: repeated ? `${repeatsName(request.runName)}-${index + 1}` : request.runName,
        trackingUri
    }));
    if (outcome.exitCode !== 0) {
        const tail = outcome.tail.slice(-8).join('\n');
        throw new ProjectRunFailed(`mlflow run failed with exit code ${outcome.exitCode}${outcome.runId ? ` (run ${outcome.runId} is kept in the store)` : ''}. Its last lines:\n${tail}`, outcome.runId);
    }
    if (outcome.runId === undefined) {
        throw new ProjectRunError(request.backend === 'databricks'
            ? `mlflow run submitted the project to Databricks, but no run of experiment '${request.experimentName}' carries the id of the Databricks job run it started (tag mlflow.databricks.shellJobRunID).`
            : 'mlflow run succeeded but did not say which run it logged (no "Run (ID ...)" line).');
    }
    return outcome.runId;
}
async function readRun(store, runId) {
    try {
        return await store.getRun(runId);
    }
    catch (error) {
        throw new ActionError(`Run '${runId}' could not be read from the ${store.description}: ${errorMessage(error)}`, { cause: error });
    }
}
/**
 * Reads the candidate runs back and records the CI and environment tags on them; repeats are
 * grouped under a parent run (`mlflow.parentRunId`), which the report links.
 */
async function readCandidate(runIds, request, deps) {
    const { store } = deps;
    const runs = [];
    for (const runId of runIds)
        runs.push(await readRun(store, runId));
    const [first] = runs;
    if (first === undefined)
        throw new RangeError('readCandidate needs a run id');
    const experimentName = request.experimentName ||
        (await store.getExperiment(first.info.experimentId))?.name ||
        `experiment ${first.info.experimentId}`;
    if (request.measuredOn !== undefined) {
        return { set: { runs, how: request.how }, experimentName, environment: request.measuredOn };
    }
    const environment = await deps.runner.environment();
    const tags = { ...contextTags(request.context), ...environmentTags(environment) };
    let parent;
    if (runs.length > 1) {
        // MLflow's UI nests the repeats (named <name>-1, -2, …) under it.
        const name = repeatsName(request.runName ?? first.info.runName);
        const parentId = await deps.runner.createRun(deps.trackingUri, experimentName, name, tags);
        parent = await readRun(store, parentId);
    }
    for (const run of runs) {
        const own = parent ? { ...tags, [TAG.parentRun]: parent.info.runId } : tags;
        try {
            await store.setTags(run.info.runId, own);
            Object.assign(run.data.tags, own);
        }
        catch (error) {
            deps.notes.warn(`Could not record the CI tags on run ${run.info.runId}: ${errorMessage(error)}`);
        }
    }
    const how = runs.length > 1 ? `${request.how}, ${runs.length} repeats` : request.how;
    return { set: { runs, how, parent }, experimentName, environment };
}
/**
 * The candidate: the project run here, or the adopted run; read back and tagged. `record` is told
 * the run id as soon as it is known (a run that fails later is still reported).
 */
async function obtainCandidate(plan, stores, deps) {
    let runIds = plan.adopt ? [plan.adopt] : [];
    const record = (ids) => deps.record(ids.join(','));
    if (plan.run !== undefined)
        runIds = await obtain_candidate_runProject(plan.run, stores, { ...deps, record });
    record(runIds);
    return readCandidate(runIds, {
        experimentName: plan.experimentName,
        context: plan.context,
        how: plan.run
            ? 'this run'
            : plan.measuredOn
                ? `run ${runIds[0]}, trained by this workflow run`
                : `run ${runIds[0]}, given by run-id`,
        runName: plan.run?.runName,
        measuredOn: plan.run ? undefined : plan.measuredOn
    }, {
        store: stores.primary(),
        runner: deps.runner,
        notes: deps.notes,
        trackingUri: stores.location.uri
    });
}
/** The name of repeats' parent run (the repeats are <name>-1, -2, …); never empty. */
function repeatsName(runName) {
    return runName || 'repeats';
}

;// CONCATENATED MODULE: ./src/core/project/mlproject.ts
/**
 * Reads an MLproject file (pure: name and content in) so that a wrong entry point, a missing
 * required parameter or a value of the wrong type is reported with the file and line before any
 * compute is spent, instead of deep inside `mlflow run`.
 */



const TYPES = ['string', 'float', 'int', 'path', 'uri'];
function parseMLproject(file, content) {
    const lines = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(content, { lineCounter: lines, prettyErrors: false });
    const lineOf = (node) => {
        if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
            const offset = node.range[0];
            if (typeof offset === 'number')
                return lines.linePos(offset).line;
        }
        return undefined;
    };
    function fail(message, node) {
        throw new ConfigError(message, { file, line: lineOf(node) });
    }
    const problem = doc.errors[0];
    if (problem) {
        throw new ConfigError(`is not valid YAML: ${problem.message.split('\n')[0]}`, {
            file,
            line: lines.linePos(problem.pos[0]).line
        });
    }
    const root = doc.contents;
    if (!(0,dist/* isMap */.jh)(root))
        fail('an MLproject file must be a mapping with entry_points.', root);
    const project = { file, entryPoints: [] };
    const nameNode = root.get('name', true);
    if ((0,dist/* isScalar */.jn)(nameNode) && nameNode.value !== null)
        project.name = String(nameNode.value);
    const entries = root.get('entry_points', true);
    if (entries === undefined)
        return project;
    if (!(0,dist/* isMap */.jh)(entries))
        fail('entry_points must be a mapping of entry point names.', entries);
    for (const pair of entries.items) {
        const name = (0,dist/* isScalar */.jn)(pair.key)
            ? String(pair.key.value)
            : fail('an entry point name must be plain text.', pair.key);
        const value = pair.value;
        const entry = { name, parameters: [], command: '', line: lineOf(pair.key) };
        if (!(0,dist/* isMap */.jh)(value))
            fail(`entry point '${name}' must be a mapping with a command.`, pair.key);
        const command = value.get('command', true);
        if (!(0,dist/* isScalar */.jn)(command) || typeof command.value !== 'string') {
            fail(`entry point '${name}' needs a command.`, pair.key);
        }
        entry.command = command.value;
        const params = value.get('parameters', true);
        if (params !== undefined && params !== null && !((0,dist/* isScalar */.jn)(params) && params.value === null)) {
            if (!(0,dist/* isMap */.jh)(params))
                fail(`parameters of entry point '${name}' must be a mapping.`, params);
            for (const p of params.items) {
                const pname = (0,dist/* isScalar */.jn)(p.key)
                    ? String(p.key.value)
                    : fail('a parameter name must be plain text.', p.key);
                const parameter = { name: pname, type: 'string', line: lineOf(p.key) };
                if ((0,dist/* isScalar */.jn)(p.value)) {
                    // Shorthand: `alpha: float`.
                    if (p.value.value !== null)
                        parameter.type = parseType(String(p.value.value), p.value);
                }
                else if ((0,dist/* isMap */.jh)(p.value)) {
                    const type = p.value.get('type', true);
                    if ((0,dist/* isScalar */.jn)(type) && type.value !== null)
                        parameter.type = parseType(String(type.value), type);
                    const def = p.value.get('default', true);
                    if ((0,dist/* isScalar */.jn)(def) && def.value !== null)
                        parameter.default = String(def.value);
                }
                else {
                    fail(`parameter '${pname}' must be a type or a mapping with type and default.`, p.key);
                }
                entry.parameters.push(parameter);
            }
        }
        project.entryPoints.push(entry);
    }
    return project;
    function parseType(type, node) {
        const found = TYPES.find(t => t === type);
        return found ?? fail(`unknown parameter type '${type}': use one of ${TYPES.join(', ')}.`, node);
    }
}
/**
 * Checks the parameters given for an entry point the way `mlflow run` will: required ones are
 * present, int and float values parse. MLflow appends parameters the entry point does not declare
 * to the command as `--name value`, and some scripts rely on that, so an undeclared name is a note;
 * but one that looks like a misspelt declared parameter (`max_dept` for `max_depth`) is a problem
 * with a did-you-mean, at the line of the declared parameter, because the script would most likely
 * fail on it after MLflow has started a run.
 */
function checkParameters(entry, given) {
    const problems = [];
    const notes = [];
    const values = new Map(given);
    for (const parameter of entry.parameters) {
        const value = values.get(parameter.name);
        if (value === undefined) {
            if (parameter.default === undefined) {
                problems.push({
                    message: `entry point '${entry.name}' needs parameter '${parameter.name}' (${parameter.type}), which has no default: add '${parameter.name}=<value>' to the 'parameters' input.`,
                    line: parameter.line
                });
            }
            continue;
        }
        if (parameter.type === 'int' && !/^[-+]?\d+$/.test(value.trim())) {
            problems.push({
                message: `parameter '${parameter.name}' of entry point '${entry.name}' is an int, but the value given is '${value}'.`,
                line: parameter.line
            });
        }
        if (parameter.type === 'float' && (value.trim() === '' || Number.isNaN(Number(value)))) {
            problems.push({
                message: `parameter '${parameter.name}' of entry point '${entry.name}' is a float, but the value given is '${value}'.`,
                line: parameter.line
            });
        }
    }
    const declared = new Set(entry.parameters.map(p => p.name));
    for (const [name] of given) {
        if (declared.has(name))
            continue;
        const close = resemblingParameter(name, entry.parameters);
        if (close) {
            problems.push({
                message: `parameter '${name}' is not declared by entry point '${entry.name}'. Did you mean '${close.name}'? (declared: ${entry.parameters.map(p => p.name).join(', ')})`,
                line: close.line
            });
        }
        else {
            notes.push(`parameter '${name}' is not declared by entry point '${entry.name}'; MLflow will append it to the command as '--${name} <value>'.`);
        }
    }
    return { problems, notes };
}
/**
 * The declared parameter an undeclared name most likely misspells: the same name but for case and
 * `-`/`_`, else the nearest within an edit distance of 2 (ignoring case, `-` counted as `_`) that
 * changes at most half of the longer name (so `k` is not taken for `lr`). Ties go to the one
 * declared first.
 */
function resemblingParameter(name, parameters) {
    const fold = (s) => s.toLowerCase().replace(/-/g, '_');
    const same = parameters.find(p => fold(p.name).replace(/_/g, '') === fold(name).replace(/_/g, ''));
    if (same)
        return same;
    let best;
    for (const parameter of parameters) {
        const distance = editDistance(fold(name), fold(parameter.name));
        const limit = Math.min(2, Math.floor(Math.max(name.length, parameter.name.length) / 2));
        if (distance <= limit && (!best || distance < best.distance))
            best = { parameter, distance };
    }
    return best?.parameter;
}

;// CONCATENATED MODULE: ./src/pipeline/check-project.ts
/**
 * Step 2 (when the project runs here): the MLproject, checked before any compute is spent: the
 * directory, the entry point, the parameters (types, required ones, misspelt names).
 */




function checkProject(workspace, project, entryPoint, parameters) {
    const dir = external_node_path_default().resolve(workspace, project);
    if (!(0,external_node_fs_.existsSync)(dir)) {
        throw new ProjectRunError(surface => `The project directory '${project}' does not exist. Set ${surface.input('project')} to the directory that holds your MLproject file.`);
    }
    const found = ['MLproject', 'mlproject', 'MLProject']
        .map(name => external_node_path_default().join(dir, name))
        .find(external_node_fs_.existsSync);
    if (found === undefined) {
        throw new ProjectRunError(surface => `'${project}' has no MLproject file. Set ${surface.input('project')} to the directory of an MLflow Project, or ${surface.input('run-id')} to report on a run logged by an earlier step.`);
    }
    const file = external_node_path_default().relative(workspace, found) || found;
    const parsed = parseMLproject(file, (0,external_node_fs_.readFileSync)(found, 'utf8'));
    const checked = { dir, name: parsed.name, file, declared: [], notes: [] };
    const entry = parsed.entryPoints.find(e => e.name === entryPoint);
    if (entry === undefined) {
        // MLflow also runs a .py or .sh file of the project as an entry point.
        if (/\.(py|sh)$/.test(entryPoint) && (0,external_node_fs_.existsSync)(external_node_path_default().join(dir, entryPoint)))
            return checked;
        const known = parsed.entryPoints.map(e => `'${e.name}'`).join(', ') || 'none';
        throw new ConfigError(surface => `entry point '${entryPoint}' is not defined (defined: ${known}). Set ${surface.input('entry-point')} to one of them.`, { file, line: parsed.entryPoints[0]?.line });
    }
    const { problems, notes } = checkParameters(entry, parameters);
    const first = problems[0];
    if (first !== undefined) {
        throw new ConfigError(problems.map(p => p.message).join(' '), { file, line: first.line });
    }
    checked.notes = notes.map(message => ({ message, line: entry.line }));
    checked.declared = entry.parameters.map(p => p.name);
    return checked;
}

;// CONCATENATED MODULE: ./src/adapters/history/carried-store.ts
/**
 * History without a tracking server: the local MLflow store travels as a workflow artifact.
 *
 * Each run on a branch starts from the store its branch's latest successful run uploaded, logs
 * its run into it, drops the oldest runs beyond `history-runs` with MLflow's own tools, and
 * uploads it again: one store carries the whole history, so a pull request downloads a single
 * artifact to find its baseline, and history survives the expiry of older artifacts.
 */




/**
 * A downloaded store must be exactly what this action uploads: mlflow.db at the top and, at
 * most, an artifacts/ folder. Anything else (a foreign artifact of the same name) is refused
 * before SQLite opens a byte of it.
 */
function checkStoreLayout(dir) {
    const entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    const db = entries.find(e => e.name === STORE_DB);
    if (db === undefined || !db.isFile())
        return `it has no ${STORE_DB}`;
    const foreign = entries.filter(e => e.name !== STORE_DB && !(e.name === 'artifacts' && e.isDirectory()));
    if (foreign.length > 0) {
        return `it holds ${foreign.map(e => `'${e.name}'`).join(', ')} beside ${STORE_DB} and artifacts/`;
    }
    return undefined;
}
/**
 * Opens a downloaded store read-only (its layout checked by the caller), after SQLite's own check of
 * the file and MLflow's schema revision (SqliteTrackingStore refuses an unknown one).
 */
async function openFetchedStore(fetched, open) {
    const file = external_node_path_default().join(fetched.dir, STORE_DB);
    let store;
    try {
        store = open({ kind: 'sqlite', path: file, uri: sqliteUri(file), own: false });
        await store.getExperimentByName('');
        return readOnly(store);
    }
    catch (error) {
        await store?.close();
        throw new errors_StoreError(`${fetched.description} cannot be read as an MLflow store: ${errorMessage(error)}`, { cause: error });
    }
}
/** The carried history is only searched: writing to it would change another run's record. */
function readOnly(store) {
    return {
        description: store.description,
        getExperimentByName: name => store.getExperimentByName(name),
        getExperiment: id => store.getExperiment(id),
        searchRuns: request => store.searchRuns(request),
        getRun: id => store.getRun(id),
        getMetricHistory: (id, key) => store.getMetricHistory(id, key),
        getModelVersion: (name, alias) => store.getModelVersion(name, alias),
        loggedModels: (experimentId, runId) => store.loggedModels(experimentId, runId),
        setTags: async () => {
            throw new errors_StoreError(`${store.description} is a carried history: it is only read.`);
        },
        runUrl: (experimentId, runId) => store.runUrl(experimentId, runId),
        close: () => store.close()
    };
}
/** Copies a fetched store into the (still empty) local store directory. */
function carryStore(fetched, storeDir) {
    (0,external_node_fs_.mkdirSync)(storeDir, { recursive: true });
    (0,external_node_fs_.cpSync)(fetched.dir, storeDir, { recursive: true });
}
/** Removes a directory if it exists (a store from an earlier attempt of the same job). */
function clearDir(dir) {
    if ((0,external_node_fs_.existsSync)(dir))
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
}

;// CONCATENATED MODULE: ./src/pipeline/open-stores.ts
/**
 * Step 3: the stores. The primary store is where the candidate is logged and read (the tracking
 * server, or a local store). Without a tracking server on a runner, the base branch's history
 * travels as a workflow artifact: a run on the branch itself carries it forward into its local
 * store; a pull request opens it read-only, as a second store that baseline selection searches
 * after the first.
 */






async function openStores(request, deps) {
    const { location } = request;
    deps.log.info(`Tracking store: ${redactUri(location.uri)}${location.kind === 'sqlite' ? ' (local store)' : ''}`);
    let primary;
    const stores = {
        location,
        primary: () => (primary ??= deps.openStore(location)),
        release: async () => {
            const open = primary;
            primary = undefined;
            await open?.close();
        },
        close: async () => {
            const open = [primary, stores.history?.store];
            primary = undefined;
            stores.history = undefined;
            // Each store is closed even when another one fails to.
            const closed = await Promise.allSettled(open.map(store => store?.close()));
            const failed = closed.find(c => c.status === 'rejected');
            if (failed?.status === 'rejected')
                throw failed.reason;
        }
    };
    try {
        await connect(stores, request, deps);
        return stores;
    }
    catch (error) {
        // What was opened before the failure is closed again.
        await stores.close().catch(() => undefined);
        throw error;
    }
}
/** Reaches a tracking server; fetches and carries (or opens) the carried history. */
async function connect(stores, request, deps) {
    const { location } = request;
    if (location.kind === 'server' && request.probeExperiment !== undefined) {
        // A wrong address or wrong credentials fail here, not after the training.
        await stores.primary().getExperimentByName(request.probeExperiment);
    }
    const carried = request.carried;
    if (carried === undefined || location.kind !== 'sqlite')
        return;
    const fetched = await fetchHistory(carried, deps.log);
    if (fetched === undefined)
        return;
    const storeDir = external_node_path_default().dirname(location.path);
    if (carried.onBranch && !(0,external_node_fs_.existsSync)(location.path)) {
        carryStore(fetched, storeDir);
        deps.log.info(`Carried the history of ${fetched.description} into the local store.`);
        stores.carriedFrom = fetched;
        await checkArtifactLocation(stores.primary(), location.path, carried.experimentName, deps.notes);
        await stores.release();
    }
    else {
        stores.history = { store: await openFetchedStore(fetched, deps.openStore), fetched };
    }
}
/** Downloads the branch's latest store; none is a normal state (the first run, or expired). */
async function fetchHistory(carried, log) {
    const { name, branch } = carried;
    return log.group(`Looking for the history of '${branch}' (artifact ${name})`, async () => {
        clearDir(carried.downloadDir);
        const fetched = await carried.artifacts.fetch(name, branch, carried.downloadDir);
        if (fetched === undefined) {
            log.info(`No artifact '${name}' from a successful run of this workflow on '${branch}' (the first run, or it expired). Run this workflow on push to '${branch}' to start the history.`);
            return undefined;
        }
        const problem = checkStoreLayout(fetched.dir);
        if (problem !== undefined) {
            throw new ArtifactError(surface => `${fetched.description} is not an MLflow store of this action: ${problem}. Delete that artifact, or set ${surface.input('artifact-name')} to another name.`);
        }
        log.info(`Downloaded ${fetched.description}.`);
        return fetched;
    });
}
/**
 * The experiment of a carried store keeps the artifact location it was made with, an absolute
 * path: when the output directory moved, new runs would put their artifacts outside the store.
 */
async function checkArtifactLocation(store, databasePath, experimentName, notes) {
    const moved = await movedArtifacts(store, databasePath, experimentName);
    if (moved !== undefined) {
        notes.warn(`The carried store keeps run artifacts in ${moved.location}, not in ${moved.expected}: the output directory is not where it was when the store was made, so the artifacts of new runs are not carried. Keep it at the same path (the default is, on GitHub-hosted runners).`);
    }
}
/**
 * Where the experiment of a copied store keeps its runs' artifacts, when that is not inside the
 * store at `databasePath` (the store was made at another path); undefined when it is.
 */
async function movedArtifacts(store, databasePath, experimentName) {
    const experiment = await store.getExperimentByName(experimentName);
    const location = experiment?.artifactLocation;
    const expected = storeArtifactsDir(databasePath);
    if (location === undefined || location.replace(/^file:\/\//, '').startsWith(expected)) {
        return undefined;
    }
    return { location, expected };
}
/**
 * The primary store as one object that outlives `release()`: each call goes to the store that
 * is open then (reopened after a release), so a step can hold it while `mlflow` writes between.
 */
function livePrimary(stores) {
    const open = () => stores.primary();
    return {
        get description() {
            return open().description;
        },
        getExperimentByName: name => open().getExperimentByName(name),
        getExperiment: id => open().getExperiment(id),
        searchRuns: request => open().searchRuns(request),
        getRun: id => open().getRun(id),
        getMetricHistory: (id, key) => open().getMetricHistory(id, key),
        setTags: (id, tags) => open().setTags(id, tags),
        logArtifactFiles: async (uri, files) => (await open().logArtifactFiles?.(uri, files)) ?? false,
        getModelVersion: (name, alias) => open().getModelVersion(name, alias),
        loggedModels: (experimentId, runId) => open().loggedModels(experimentId, runId),
        runUrl: (experimentId, runId) => open().runUrl(experimentId, runId),
        close: () => stores.release()
    };
}

;// CONCATENATED MODULE: ./src/pipeline/run-pairs.ts





async function obtainPairs(request, stores, deps) {
    const { log } = deps;
    const sha = await mergeBaseOf(request.paired, deps.repository);
    const short = sha.slice(0, 7);
    if (deps.worktrees === undefined) {
        throw new ActionError('baseline.strategy paired needs the git clone of the workspace.');
    }
    const worktrees = deps.worktrees;
    const dir = await log.group(`Checking out the merge base ${short}`, () => worktrees.add(sha));
    try {
        // Each side runs once per pair, with the pair's seed.
        const run = { ...request.run, repeats: request.paired.pairs };
        const base = baseRequest({ ...request, run }, dir, short);
        await prepareLocalStore(request.experimentName, stores, deps);
        const ids = { candidate: [], baseline: [] };
        const uri = stores.location.uri;
        const record = (runIds) => deps.record(runIds.join(','));
        for (let i = 0; i < request.paired.pairs; i++) {
            ids.candidate.push(await runOnce(run, i, uri, deps).catch(keepFailed(ids.candidate, record)));
            record(ids.candidate);
            ids.baseline.push(await runOnce(base, i, uri, deps));
        }
        const candidate = await readCandidate(ids.candidate, { ...request, how: 'this run', runName: run.runName }, { store: stores.primary(), runner: deps.runner, notes: deps.notes, trackingUri: uri });
        const n = ids.candidate.length;
        candidate.set.how = `this run, ${n} runs each paired with one of the merge base's`;
        const runs = await tagBaseline(ids.baseline, { sha, ...request }, candidate, stores, deps.notes);
        const how = `${n} runs of the merge base ${short}, each beside one of this run's on this runner (A B A B …)`;
        return {
            candidate,
            baseline: { set: { runs, how, paired: true }, from: { store: livePrimary(stores) } }
        };
    }
    finally {
        await worktrees.remove(dir).catch((error) => {
            log.warning(`Could not remove the worktree ${dir}: ${errorMessage(error)}`);
        });
    }
}
/** The merge base of the pull request, from GitHub's compare API. */
async function mergeBaseOf(paired, repository) {
    const what = `the merge base of '${paired.base}' and ${paired.head.slice(0, 7)}`;
    if (repository === undefined) {
        throw new ActionError(`baseline.strategy paired runs ${what}, which GitHub's compare API names: give the step a github-token.`);
    }
    const found = await repository.mergeBase(paired.base, paired.head).catch((error) => {
        throw new ActionError(`Could not find ${what}: ${errorMessage(error)}`, { cause: error });
    });
    if (found === undefined)
        throw new ActionError(`GitHub names no ${what}.`);
    return found.sha;
}
/** The same entry point and parameters, in the merge base's copy of the project. */
function baseRequest(request, dir, short) {
    const { run } = request;
    let declared;
    let projectDir;
    try {
        const checked = checkProject(dir, request.project, run.entryPoint, run.parameters);
        declared = checked.declared;
        projectDir = checked.dir;
    }
    catch (error) {
        throw new ActionError(`baseline.strategy paired runs the project at the merge base ${short} too, but there: ${errorMessage(error)}`, { cause: error });
    }
    const seedParam = run.seedParam !== undefined && declared.includes(run.seedParam);
    return {
        ...run,
        dir: projectDir,
        runName: `base-${short}`,
        seedParam: seedParam ? run.seedParam : undefined
    };
}
/** The merge base's runs, read back, nested under the candidate's parent and tagged as such. */
async function tagBaseline(runIds, of, candidate, stores, notes) {
    const store = stores.primary();
    // Where it ran, but no branch or ref: a later search of the branch's runs never finds it.
    const tags = {
        [TAG.runnerOs]: of.context.runnerOs,
        [TAG.runnerArch]: of.context.runnerArch,
        ...environmentTags(candidate.environment),
        [TAG.pairedBase]: of.sha
    };
    const parent = candidate.set.parent;
    if (parent)
        tags[TAG.parentRun] = parent.info.runId;
    const runs = [];
    for (const runId of runIds) {
        const run = await readRun(store, runId);
        try {
            await store.setTags(runId, tags);
            Object.assign(run.data.tags, tags);
        }
        catch (error) {
            notes.warn(`Could not record the tags on run ${runId}: ${errorMessage(error)}`);
        }
        runs.push(run);
    }
    return runs;
}

;// CONCATENATED MODULE: ./src/core/names.ts
/** The names of the workflow artifacts this action uploads. Pure. */
/** Report bundles are named with this prefix and the report key. */
const BUNDLE_PREFIX = 'care-label-report-';
/** An artifact name from free text: the characters GitHub refuses become '-'. */
function artifactNameFrom(text) {
    return text.replace(/[":<>|*?\\/\r\n\s]+/g, '-').slice(0, 200) || 'care-label';
}

;// CONCATENATED MODULE: ./src/pipeline/plan-run.ts
/**
 * Step 2: what this run will do, from the settings: run the project here (checked first) or
 * adopt a logged run; where runs are logged; which branch holds the baselines; whether the
 * action's own store travels as a workflow artifact. The steps after it take this plan, never
 * the settings.
 */







function planRun(settings, context, config, edges, notes) {
    const { artifacts } = edges;
    const location = settings.tracking;
    const branch = baselineBranchOf(settings.baselineBranch, config, context);
    const project = settings.runId === ''
        ? checkProject(settings.workspace, settings.project, settings.entryPoint, settings.parameters)
        : undefined;
    for (const note of project?.notes ?? []) {
        notes.warn(note.message, { file: project?.file ?? '', line: note.line });
    }
    if (project)
        checkBackendStore(settings.backend, location);
    const experimentName = settings.experimentName ||
        (project ? project.name || context.repository?.repo || 'Default' : '');
    const own = ownStore(settings, context, { artifacts, runsHere: project !== undefined });
    return {
        location,
        branch,
        run: project && {
            dir: project.dir,
            project: settings.project,
            entryPoint: settings.entryPoint,
            parameters: settings.parameters,
            envManager: settings.envManager,
            backend: settings.backend,
            backendConfig: settings.backendConfig,
            waitTimeoutMinutes: settings.waitTimeoutMinutes,
            experimentName,
            runName: settings.runName || defaultRunName(context),
            ...repeatsOf(config, project.declared)
        },
        adopt: project ? undefined : settings.runId,
        ...baselinePlan(settings, context, config, edges.now),
        paired: pairedOf(config, context, project !== undefined, settings.backend),
        experimentName,
        keep: own?.keep,
        carried: own?.carry && branch
            ? {
                artifacts: own.artifacts,
                name: storeArtifactName(settings.artifactName, experimentName),
                branch,
                onBranch: context.pullRequest === undefined,
                experimentName,
                downloadDir: external_node_path_default().join(settings.outputDir, 'history', 'download')
            }
            : undefined,
        reportKey: settings.reportKey || defaultReportKey(context),
        gate: settings.failOnRegression,
        outputDir: settings.outputDir
    };
}
/**
 * Without a tracking server, the action's own store travels as a workflow artifact; only a run of
 * the branch itself (not a pull request, not an adopted run) drops old runs from it. A matrix's
 * partial jobs keep none (the aggregate job does, from the training job's). Whether the branch's
 * latest store is downloaded (`carry`), and the store that is kept; undefined: no own store.
 */
function ownStore(settings, context, edges) {
    const { artifacts } = edges;
    const location = settings.tracking;
    if (artifacts === undefined || location.kind !== 'sqlite' || !location.own)
        return undefined;
    const history = logsHistory(settings.mode, edges.runsHere);
    const onBranch = context.pullRequest === undefined;
    const prune = history && onBranch ? settings.historyRuns : undefined;
    const keep = settings.mode === 'partial'
        ? undefined
        : { artifacts, uri: location.uri, path: location.path, name: settings.artifactName, prune };
    return { artifacts, keep, carry: history && carriesHistory(settings.mode, onBranch) };
}
/**
 * Whether this run adds to the branch's history: the project ran here, or the aggregate job of a
 * matrix reports the run its training job logged.
 */
function logsHistory(mode, runsHere) {
    return runsHere || mode === 'aggregate';
}
/**
 * Whether the branch's latest store is downloaded: a matrix's training job carries it forward on
 * the branch (its store becomes the aggregate's); a partial job on a pull request needs no
 * baseline; the aggregate job's store already holds it on the branch, and reads it beside its
 * own on a pull request.
 */
function carriesHistory(mode, onBranch) {
    if (mode === 'partial')
        return onBranch;
    if (mode === 'aggregate')
        return !onBranch;
    return true;
}
/** How the baseline is chosen: a run id, a filter, or the branch's window (and its bounds). */
function baselinePlan(settings, context, config, now) {
    const { baseline } = config;
    return {
        baselineRunId: settings.baselineRunId || baseline.runId,
        baselineFilter: baseline.filter,
        baselineModel: baseline.model,
        window: windowOf(baseline),
        mergeBaseOf: plan_run_mergeBaseOf(config, context, settings.baselineBranch),
        since: baseline.maxAgeDays === undefined ? undefined : now - baseline.maxAgeDays * 86_400_000,
        minRuns: baseline.minRuns
    };
}
/**
 * The pull request whose merge base is the baseline: by default on a pull request (unless the
 * baseline branch was named as an input, or another strategy chosen).
 */
function plan_run_mergeBaseOf(config, context, branchInput) {
    const strategy = config.baseline.strategy;
    if (strategy === 'model' || strategy === 'paired')
        return undefined;
    const wanted = strategy === 'merge-base' || (strategy === undefined && branchInput === '');
    if (!wanted || context.pullRequest === undefined || !context.baseRef || !context.headSha) {
        return undefined;
    }
    return { base: config.baseline.branch ?? context.baseRef, head: context.headSha };
}
/** How many pairs a pull request runs with `baseline.strategy: paired` when none is given. */
const DEFAULT_PAIRS = 5;
/**
 * The pairs to run with `baseline.strategy: paired`: on a pull request whose project runs here.
 * Elsewhere there is no base commit to pair with: the baseline is the branch's latest runs.
 */
function pairedOf(config, context, runsHere, backend) {
    if (config.baseline.strategy !== 'paired')
        return undefined;
    if (!runsHere) {
        throw new ConfigError('baseline.strategy paired runs the project here, beside the baseline commit: it cannot adopt a run (run-id). Remove run-id, or choose another strategy.', { file: config.file ?? 'the config file' });
    }
    // Pairs cancel out what differs between machines only when both runs of a pair share one.
    if (backend !== 'local') {
        throw new ConfigError(surface => `baseline.strategy paired runs both commits side by side on this runner, but ${surface.input('backend')} ${backend} gives each run a machine of its own, so what differs between machines would not cancel out. Use the local backend, or another strategy.`, { file: config.file ?? 'the config file' });
    }
    // A push records history: its baseline is the branch's latest runs, as with `latest`.
    if (context.pullRequest === undefined || !context.baseRef || !context.headSha)
        return undefined;
    return {
        base: config.baseline.branch ?? context.baseRef,
        head: context.headSha,
        pairs: config.decision?.pairedRuns ?? DEFAULT_PAIRS
    };
}
/**
 * How many base-branch runs form the baseline: as configured, else enough for a noise estimate
 * (fewer are used when fewer exist); one for a baseline named by its run id.
 */
function windowOf(baseline) {
    if (baseline.strategy === 'run-id' || baseline.strategy === 'model')
        return 1;
    return baseline.window ?? DEFAULT_BASELINE_WINDOW;
}
/** How often the candidate runs, and the seed parameter set to 0..N-1 when it is declared. */
function repeatsOf(config, declared) {
    const repeats = config.decision?.repeats ?? 1;
    const seed = config.decision?.seedParam ?? 'seed';
    return { repeats, seedParam: declared.includes(seed) ? seed : undefined };
}
/**
 * A cluster logs the run itself, to the tracking URI it is given: a local store on this runner
 * is out of its reach (a kubernetes run would log into its pod's own file, and MLflow refuses to
 * send a databricks run without a server).
 */
function checkBackendStore(backend, location) {
    if (backend === 'local' || (location.kind !== 'sqlite' && location.kind !== 'file'))
        return;
    throw new InputError('backend', surface => {
        const here = surface.name === 'cli' ? 'this machine' : 'this runner';
        const own = surface.name === 'cli' ? 'in the output directory' : 'this action keeps on the runner';
        const store = location.kind === 'sqlite' && location.own
            ? `the local store ${own}`
            : `the local store ${location.uri}`;
        return `${backend} runs the project on a cluster, which cannot log to ${store}. Set ${surface.input('tracking-uri')} to an MLflow tracking server that both ${here} and the cluster reach.`;
    });
}
/** The branch whose runs are baselines: the input, the config, else the event's. */
function baselineBranchOf(input, config, context) {
    if (input)
        return input;
    if (config.baseline.branch)
        return config.baseline.branch;
    if (context.pullRequest !== undefined)
        return context.baseRef;
    return context.eventName === 'push' ? context.branch : undefined;
}
/** The store artifact's name: as given, else after the experiment (empty until it is known). */
function storeArtifactName(input, experimentName) {
    if (input || experimentName === '')
        return input;
    return `care-label-store-${artifactNameFrom(experimentName)}`;
}

;// CONCATENATED MODULE: ./src/pipeline/upload-bundle.ts
/**
 * Step 10: the report bundle as a workflow artifact: what a reviewer downloads, and what the
 * publish stage of a fork's pull request posts (it renders the comment itself from report.json).
 */


/** Uploads the bundle of report `key`; returns its page, or undefined (with a note) on failure. */
async function uploadBundle(artifacts, key, files, outputDir, notes) {
    try {
        return await artifacts.uploadFiles(`${BUNDLE_PREFIX}${artifactNameFrom(key)}`, [files.json, files.svg, files.html], outputDir);
    }
    catch (error) {
        notes.warn(`Could not upload the report files: ${errorMessage(error)}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/pipeline/publish-report.ts


async function publishReport(report, outputDir, charts, deps) {
    const { outputs } = deps;
    const files = writeReportFiles(outputDir, report, charts);
    outputs.set('report', files.json);
    outputs.set('label-svg', files.svg);
    outputs.set('report-html', files.html);
    if (deps.artifacts !== undefined) {
        report.artifactUrl = await uploadBundle(deps.artifacts, report.key, files, outputDir, deps.notes);
        outputs.set('artifact-url', report.artifactUrl ?? '');
    }
    const markdown = writeComment(files, report);
    deps.log.info(`Report written to ${outputDir} (report.json, report.md, care-label.svg, report.html).`);
    outputs.set('verdict', report.verdict);
    outputs.set('grade', report.label.overall ?? '');
    const published = await deps.publisher.publish(report, markdown);
    outputs.set('comment-url', published.commentUrl ?? '');
    outputs.set('check-url', published.checkUrl ?? '');
    return published;
}

;// CONCATENATED MODULE: ./src/core/registration.ts

/** Why nothing is registered, or undefined: register. */
function whyNotRegister(register, context, report) {
    const target = `a new version of '${register.name}' (@${register.alias})`;
    const main = context.defaultBranch;
    const onPush = `on a push to ${main ?? 'the default branch'}, a run that passes becomes ${target}`;
    if (context.pullRequest !== undefined || context.eventName.startsWith('pull_request')) {
        return `Nothing is registered from a pull request: ${onPush}.`;
    }
    if (context.eventName !== 'push') {
        return `Nothing is registered on a ${context.eventName} event: ${onPush}.`;
    }
    if (main === undefined) {
        return `Nothing is registered: the event does not say which branch is the default one.`;
    }
    if (context.branch !== main) {
        return `Nothing is registered from a push to ${context.branch || context.ref}: ${onPush}.`;
    }
    if (report.verdict === 'fail')
        return `Not registered: the verdict is fail.`;
    const grade = report.label.overall;
    if (register.minGrade !== undefined && !atLeast(grade, register.minGrade)) {
        return `Not registered: the grade is ${grade ?? '?'}, below register.min_grade ${register.minGrade}.`;
    }
    return undefined;
}
/** Whether `letter` is `min` or better (A is best); an unrated run is not. */
function atLeast(letter, min) {
    return letter !== undefined && letter <= min;
}
/** An MLflow 2 model in the run's `mlflow.log-model.history` tag: its artifact path. */
function historyPaths(run) {
    const history = run.data.tags['mlflow.log-model.history'];
    if (history === undefined)
        return [];
    try {
        const parsed = JSON.parse(history);
        if (!Array.isArray(parsed))
            return [];
        return parsed.flatMap((entry) => typeof entry === 'object' &&
            entry !== null &&
            'artifact_path' in entry &&
            typeof entry.artifact_path === 'string'
            ? [entry.artifact_path]
            : []);
    }
    catch {
        return [];
    }
}
/**
 * The URI of the model to register: the logged model (`models:/<model_id>`, MLflow 3), else the
 * run's MLflow 2 model (`runs:/<run_id>/<path>`, by `model.name` or the only one), else
 * `runs:/<run_id>/<model.name>` as the config names it. A string: why there is none.
 */
function modelUriOf(run, model, name) {
    if (model !== undefined)
        return { uri: `models:/${model.modelId}` };
    const runId = run.info.runId;
    const paths = historyPaths(run);
    const path = name ?? (paths.length === 1 ? paths[0] : undefined);
    if (path !== undefined)
        return { uri: `runs:/${runId}/${path}` };
    if (paths.length > 1) {
        return {
            problem: `run ${runId} logged ${paths.length} models (${paths.join(', ')}): set model.name in the config to the one to register.`
        };
    }
    return {
        problem: `run ${runId} logged no model: log one with mlflow.<flavor>.log_model(model, name="model"), or set model.name to its artifact path.`
    };
}
/** What the new version records: the label, the commit, the workflow run and the report. */
function versionTags(report, context, reportAt) {
    const tags = labelTags(report);
    if (context.headSha)
        tags[TAG.headSha] = context.headSha;
    if (context.runUrl)
        tags[TAG.runUrl] = context.runUrl;
    if (reportAt !== undefined)
        tags[TAG.report] = reportAt;
    return tags;
}

;// CONCATENATED MODULE: ./src/pipeline/register-model.ts


async function register_model_registerModel(input, deps) {
    const { register, report, context } = input;
    const base = { name: register.name, alias: register.alias };
    const skip = whyNotRegister(register, context, report);
    if (skip !== undefined) {
        deps.log.info(skip);
        return { ...base, reason: skip };
    }
    const model = modelUriOf(input.run, input.model, input.modelName);
    const fail = (reason, source) => {
        // A warning in the log; the report says it once, in its registration line.
        deps.log.warning(`The model was not registered: ${reason}`);
        return { ...base, ...(source ? { source } : {}), reason, failed: true };
    };
    if ('problem' in model)
        return fail(model.problem);
    if (deps.registry === undefined)
        return fail('no MLflow client is at hand to register with.');
    const registry = deps.registry;
    try {
        const version = await deps.log.group(`Registering ${model.uri} as a new version of '${register.name}'`, () => registry.register({
            trackingUri: input.trackingUri,
            ...base,
            modelUri: model.uri,
            tags: versionTags(report, context, input.reportAt)
        }));
        deps.outputs.set('model-version', version.version);
        deps.outputs.set('model-uri', `models:/${register.name}/${version.version}`);
        const moved = version.previousVersion === undefined
            ? `@${register.alias} now points to it`
            : `@${register.alias} moved to it from version ${version.previousVersion}`;
        deps.log.info(`Registered version ${version.version} of '${register.name}'; ${moved}.`);
        return { ...base, source: model.uri, ...version };
    }
    catch (error) {
        return fail(errorMessage(error), model.uri);
    }
}

;// CONCATENATED MODULE: ./src/core/baseline/filter.ts
/** The MLflow filter strings that find baseline runs. Pure. */


/** Quotes a value for an MLflow filter string. */
function quoteFilterValue(value) {
    if (!value.includes("'"))
        return `'${value}'`;
    if (!value.includes('"'))
        return `"${value}"`;
    throw new InputError('baseline-branch', `a branch name with both ' and " cannot be searched for: ${value}`);
}
/** Finished runs of the branch (and of the candidate's entry point). */
function baselineFilter(query) {
    const parts = [
        "attributes.status = 'FINISHED'",
        `tags.\`${TAG.ref}\` = ${quoteFilterValue(`refs/heads/${query.branch}`)}`
    ];
    if (query.entryPoint !== undefined) {
        parts.push(`tags.\`mlflow.project.entryPoint\` = ${quoteFilterValue(query.entryPoint)}`);
    }
    parts.push(...(query.conditions ?? []));
    return parts.join(' AND ');
}
/** Runs of this commit (the action tags each run with the commit it measured). */
function commitCondition(sha) {
    return `tags.\`${TAG.headSha}\` = ${quoteFilterValue(sha)}`;
}
/** Runs that started at or before (`until`) or at or after (`since`) a time, in ms. */
function timeCondition(bound, ms) {
    return `attributes.start_time ${bound === 'since' ? '>=' : '<='} ${Math.round(ms)}`;
}

;// CONCATENATED MODULE: ./src/pipeline/run-tests.ts
/**
 * Step 5c: the care-label tests (`tests:`). Each test is an entry point of an MLflow Project, run
 * with the real `mlflow run` against the candidate's model (its URI as `model_uri`); its run is
 * nested under the candidate's (`mlflow.parentRunId`) and tagged with the test's name. The tests'
 * metrics join the candidate run's, and each baseline run's own test runs join its, so that the
 * rules of `metrics:` judge them like any other metric. A test that fails is reported (and fails
 * the gate at level fail); its run stays in the store.
 */









/** The tests of the config, and how they run: as the project does, against its store. */
function testsRequestOf(settings, config, trackingUri, context) {
    return {
        tests: config.tests ?? [],
        configFile: config.file ?? settings.configPath,
        workspace: settings.workspace,
        project: settings.project,
        envManager: settings.envManager,
        backend: settings.backend,
        backendConfig: settings.backendConfig,
        waitTimeoutMinutes: settings.waitTimeoutMinutes,
        trackingUri,
        modelName: config.model?.name,
        context,
        selection: settings.tests
    };
}
/** The tag that names the test a run is. */
const TEST_TAG = 'care-label.test';
async function runTests(request, sides, stores, deps) {
    const candidate = sides.candidate.set.runs[0];
    const { selected, skipped } = chooseTests(request, deps.notes);
    if (request.tests.length === 0 || candidate === undefined)
        return { sides, tests: [] };
    if (selected.length === 0) {
        return { sides, tests: skipped.map(test => notMeasured(test)) };
    }
    const model = modelUriOf(candidate, sides.model, request.modelName);
    if ('problem' in model) {
        throw new ConfigError(`tests need the candidate's model: ${model.problem}`, {
            file: request.configFile,
            line: selected[0]?.line
        });
    }
    const ranOn = request.ranOn ?? describeWhere(sides.candidate.environment, request.context.runnerName);
    const ran = await executeTests(selected, candidate, model.uri, { ...request, ranOn }, stores, deps);
    const records = [...ran.records, ...skipped.map(test => notMeasured(test))];
    const order = new Map(request.tests.map((t, i) => [t.name, i]));
    records.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    return attachTests(sides, records, ran.runs, request.tests, { notes: deps.notes });
}
/**
 * Runs the tests against the model, in order, each nested under the candidate run; their
 * records, and the runs of those that passed.
 */
async function executeTests(tests, candidate, modelUri, request, stores, deps) {
    const dirs = run_tests_checkTests({ ...request, tests, selection: undefined }, modelUri);
    const records = [];
    const runs = [];
    // The tests log into the candidate's experiment (by name, as `mlflow run` takes it).
    const experiment = await stores.primary().getExperiment(candidate.info.experimentId);
    const target = { candidate, experimentName: experiment?.name ?? '' };
    for (const [index, test] of tests.entries()) {
        const dir = dirs[index] ?? request.workspace;
        const outcome = await runTest(test, dir, modelUri, target, request, stores, deps);
        records.push({ ...outcome.record, ...(request.ranOn ? { ranOn: request.ranOn } : {}) });
        if (outcome.run !== undefined)
            runs.push(outcome.run);
    }
    return { records, runs };
}
/**
 * The tests' metrics joined to the candidate run's, and each baseline run's own test runs to
 * its; a test that did not pass is left out on both sides (its metrics are missing, not
 * compared).
 */
async function attachTests(sides, records, runs, tests, deps) {
    const candidate = sides.candidate.set.runs[0];
    if (candidate === undefined)
        return { sides, tests: records };
    const merged = mergeInto(candidate, runs, deps.notes);
    const passed = tests.filter(t => records.some(r => r.name === t.name && r.status === 'passed'));
    const baseline = await withBaselineTests(sides.baseline.set, passed, sides.baseline.from.store);
    for (const record of records) {
        record.baselineRunId = baseline.found.get(record.name);
    }
    return {
        sides: {
            ...sides,
            candidate: {
                ...sides.candidate,
                set: { ...sides.candidate.set, runs: [merged, ...sides.candidate.set.runs.slice(1)] }
            },
            baseline: { ...sides.baseline, set: baseline.set }
        },
        tests: records
    };
}
/**
 * The tests this step runs (the `tests` input) and those it leaves to other jobs; a name the
 * config does not have is an input error, a label no test has a note.
 */
function chooseTests(request, notes) {
    const { selected, unknown, unmatched } = selectTests(request.tests, request.selection);
    if (unknown.length > 0) {
        const known = request.tests.map(t => t.name).join(', ') || 'none';
        throw new InputError('tests', `names ${unknown.map(n => `'${n}'`).join(', ')}, which the config's tests: do not have (it has: ${known}). Give the names of its tests, runs-on:<label>, or none.`);
    }
    for (const label of unmatched) {
        notes?.warn(`No test of the config runs on '${label}' (runs_on), so runs-on:${label} selects none.`);
    }
    return { selected, skipped: request.tests.filter(t => !selected.includes(t)) };
}
/**
 * Every test checked (its project, entry point, model parameter and parameters); their project
 * directories. Called before the candidate trains too, with a stand-in for the model's URI.
 */
function run_tests_checkTests(request, modelUri = 'models:/m-0') {
    const { selected } = chooseTests(request);
    return selected.map(test => checkTest(test, request, modelUri));
}
/** The test's project directory, once its entry point and parameters are known to be right. */
function checkTest(test, request, modelUri) {
    const at = { file: request.configFile, line: test.line };
    const project = test.project ?? request.project;
    const dir = external_node_path_default().resolve(request.workspace, project);
    const file = ['MLproject', 'mlproject', 'MLProject']
        .map(name => external_node_path_default().join(dir, name))
        .find(external_node_fs_.existsSync);
    if (file === undefined) {
        throw new ConfigError(`tests.${test.name}: '${project}' has no MLproject file. Set tests.${test.name}.project to the directory of the MLflow Project that holds the test.`, at);
    }
    const relative = external_node_path_default().relative(request.workspace, file) || file;
    const parsed = parseMLproject(relative, (0,external_node_fs_.readFileSync)(file, 'utf8'));
    const entry = parsed.entryPoints.find(e => e.name === test.entryPoint);
    if (entry === undefined) {
        const known = parsed.entryPoints.map(e => e.name).join(', ') || 'none';
        throw new ConfigError(`tests.${test.name}: entry point '${test.entryPoint}' is not defined in ${relative} (defined: ${known}). Add it there, or set tests.${test.name}.entry_point to one of them.`, at);
    }
    if (!entry.parameters.some(p => p.name === test.modelParam)) {
        throw new ConfigError(`tests.${test.name}: entry point '${test.entryPoint}' of ${relative} declares no parameter '${test.modelParam}' to take the model's URI. Declare it (${test.modelParam}: {type: string}), or set tests.${test.name}.model_param.`, at);
    }
    const { problems } = checkParameters(entry, [...test.parameters, [test.modelParam, modelUri]]);
    const [first] = problems;
    if (first !== undefined) {
        throw new ConfigError(`tests.${test.name}: ${problems.map(p => p.message).join(' ')}`, at);
    }
    return dir;
}
/** One test's `mlflow run`, nested under the candidate's run; its record, and its run. */
async function runTest(test, dir, modelUri, target, request, stores, deps) {
    const { candidate } = target;
    const record = newRecord(test);
    // `mlflow` writes to a local store from another process: no connection of ours stays open.
    await stores.release();
    let runId;
    try {
        runId = await runOnce({
            dir,
            project: test.project ?? request.project,
            entryPoint: test.entryPoint,
            parameters: [...test.parameters, [test.modelParam, modelUri]],
            envManager: request.envManager,
            backend: request.backend,
            backendConfig: request.backendConfig,
            waitTimeoutMinutes: request.waitTimeoutMinutes,
            experimentName: target.experimentName,
            runName: `${candidate.info.runName || candidate.info.runId.slice(0, 8)}-${test.name}`,
            repeats: 1
        }, 0, request.trackingUri, deps);
        await waitForEnd(runId, request, stores, deps);
        record.status = 'passed';
    }
    catch (error) {
        // A test that fails, times out or logs no run is the test's result, not the job's end.
        if (!(error instanceof ProjectRunError))
            throw error;
        if (error instanceof ProjectRunFailed)
            runId = error.runId;
        deps.notes.warn(`Test '${test.name}' failed${test.level === 'fail' ? ', which fails the gate' : ''}: ${firstLine(errorMessage(error))}`);
    }
    if (runId === undefined)
        return { record };
    const run = await nestTestRun(runId, test, candidate, request.context, stores);
    record.runId = runId;
    record.url = stores.primary().runUrl(run.info.experimentId, runId);
    record.metrics = Object.keys(run.data.metrics).sort();
    return { record, run: record.status === 'passed' ? run : undefined };
}
/** Tags a test's run as the candidate's child, and as this test; returns it as read back. */
async function nestTestRun(runId, test, candidate, context, stores) {
    const store = stores.primary();
    // Not the branch's tags (care-label.git.ref): a test's run is never a baseline of its own.
    await store.setTags(runId, {
        [TAG.event]: context.eventName,
        [TAG.runnerOs]: context.runnerOs,
        [TAG.runnerArch]: context.runnerArch,
        [TAG.parentRun]: candidate.info.runId,
        [TEST_TAG]: test.name
    });
    return store.getRun(runId);
}
function newRecord(test) {
    return {
        name: test.name,
        entryPoint: test.entryPoint,
        ...(test.category ? { category: test.category } : {}),
        status: 'failed',
        level: test.level,
        metrics: []
    };
}
function firstLine(text) {
    return text.split('\n')[0] ?? '';
}
/** The run with its tests' metrics beside its own; a test's value wins a name both have. */
function mergeInto(run, tests, notes) {
    if (tests.length === 0)
        return run;
    const metrics = { ...run.data.metrics };
    for (const test of tests) {
        for (const [key, value] of Object.entries(test.data.metrics)) {
            if (Object.hasOwn(metrics, key) && notes !== undefined) {
                notes.warn(`Test '${test.data.tags[TEST_TAG] ?? test.info.runId}' logged ${key}, which run ${run.info.runId} logs too: the test's value is judged.`);
            }
            metrics[key] = value;
        }
    }
    return { ...run, data: { ...run.data, metrics } };
}
/** Each baseline run with the metrics of its own test runs (the latest finished one per test). */
async function withBaselineTests(set, tests, store) {
    const found = new Map();
    const runs = [];
    for (const [index, run] of set.runs.entries()) {
        const children = [];
        for (const test of tests) {
            const page = await store.searchRuns({
                experimentIds: [run.info.experimentId],
                filter: `tags.\`${TAG.parentRun}\` = '${run.info.runId}' AND tags.\`${TEST_TAG}\` = ${quoteFilterValue(test.name)} AND attributes.status = 'FINISHED'`,
                orderBy: ['attributes.start_time DESC'],
                maxResults: 1
            });
            const [child] = page.runs;
            if (child === undefined)
                continue;
            children.push(child);
            // The report shows the newest baseline run's tests.
            if (index === 0)
                found.set(test.name, child.info.runId);
        }
        runs.push(mergeInto(run, children));
    }
    return { set: { ...set, runs }, found };
}
/**
 * The aggregate job's tests: those the matrix's partial jobs ran, as their bundles recorded them
 * (with the run ids they have in this job's store). Each run must be that test's run, nested under
 * the candidate; then the tests join the sides as in one job.
 */
async function takeTests(records, sides, tests, stores, deps) {
    const candidate = sides.candidate.set.runs[0];
    if (candidate === undefined)
        return { sides, tests: records };
    const store = stores.primary();
    const runs = [];
    for (const record of records) {
        if (record.runId === undefined || record.status === 'not-measured')
            continue;
        const run = await store.getRun(record.runId);
        const tags = run.data.tags;
        if (tags[TAG.parentRun] !== candidate.info.runId || tags[TEST_TAG] !== record.name) {
            throw new errors_ReportFormatError(`a partial bundle says test '${record.name}' ran as run ${record.runId}, but that run is not test '${record.name}' of run ${candidate.info.runId} (its tags ${TAG.parentRun} and ${TEST_TAG} say otherwise)`);
        }
        record.url = store.runUrl(run.info.experimentId, run.info.runId);
        record.metrics = Object.keys(run.data.metrics).sort();
        if (record.status === 'passed')
            runs.push(run);
    }
    return attachTests(sides, records, runs, tests, deps);
}

;// CONCATENATED MODULE: ./src/pipeline/select-child.ts


/** The most children a sweep's parent is searched for. */
const MAX_CHILDREN = 5000;
async function selectChildren(select, sides, store, deps) {
    if (select === undefined)
        return sides;
    const candidate = await selectIn(sides.candidate.set, select, store, deps.notes);
    if (candidate.sweep === undefined) {
        deps.notes.warn(`select: run ${sides.candidate.set.runs[0]?.info.runId ?? ''} has no finished child run with ${select.metric}: it is the candidate itself.`);
    }
    const baseline = await selectIn(sides.baseline.set, select, sides.baseline.from.store, deps.notes);
    return {
        candidate: { ...sides.candidate, set: candidate },
        baseline: { ...sides.baseline, set: baseline }
    };
}
/** The set with each run that has children replaced by its best child. */
async function selectIn(set, select, store, notes) {
    const runs = [];
    let sweep;
    for (const [index, run] of set.runs.entries()) {
        const { finished: children, running } = await childrenOf(run, select.metric, store);
        if (running > 0) {
            notes.warn(`select: ${running} child run(s) of sweep run ${run.info.runId} are still running: the best of the ${children.length} finished one(s) is taken.`);
        }
        const best = bestOf(children, select);
        if (best === undefined) {
            runs.push(run);
            continue;
        }
        runs.push(best);
        if (index === 0) {
            sweep = { parent: run, children: children.length, by: `${select.metric}, ${select.mode}` };
        }
    }
    return sweep === undefined ? { ...set, runs } : { ...set, runs, sweep };
}
/**
 * The run's trials: its finished child runs that logged the metric (one search, up to
 * MAX_CHILDREN), and how many more are still running. Its care-label tests are not trials.
 */
async function childrenOf(run, metric, store) {
    const page = await store.searchRuns({
        experimentIds: [run.info.experimentId],
        filter: `tags.\`${TAG.parentRun}\` = '${run.info.runId}'`,
        orderBy: ['attributes.start_time ASC'],
        maxResults: MAX_CHILDREN
    });
    const trials = page.runs.filter(r => r.data.tags[TEST_TAG] === undefined);
    const running = trials.filter(r => r.info.status === 'RUNNING' || r.info.status === 'SCHEDULED');
    const finished = trials.filter(r => r.info.status === 'FINISHED' && Number.isFinite(r.data.metrics[metric]));
    return { finished, running: running.length };
}
/** The child with the lowest (min) or highest (max) value; the earliest of equals. */
function bestOf(children, select) {
    let best;
    for (const child of children) {
        const value = child.data.metrics[select.metric] ?? Number.NaN;
        const current = best?.data.metrics[select.metric] ?? Number.NaN;
        if (best === undefined || (select.mode === 'min' ? value < current : value > current)) {
            best = child;
        }
    }
    return best;
}

;// CONCATENATED MODULE: ./src/pipeline/save-store.ts
/**
 * The local store's upkeep without a tracking server: on the branch itself, the oldest runs
 * beyond `history-runs` are dropped (with MLflow's own tools), and the store is uploaded as the
 * workflow artifact the next run starts from. Nothing the run produced is lost: the pipeline
 * uploads the store also when a later step failed.
 */



/** Prunes (when asked) and uploads the store; returns the artifact's page. Never throws. */
async function saveStore(upload, deps) {
    const { log, notes } = deps;
    if (!(0,external_node_fs_.existsSync)(upload.path))
        return undefined;
    return log.group(`Uploading the local store (artifact ${upload.name})`, async () => {
        if (upload.prune !== undefined && deps.runner !== undefined) {
            try {
                if ((await countRuns(deps.openStore(), upload.experimentName, upload.prune + 1)) >
                    upload.prune) {
                    const dropped = await deps.runner.pruneRuns(upload.uri, upload.experimentName, upload.prune);
                    if (dropped > 0) {
                        log.info(`Dropped the ${dropped} oldest run(s) beyond history-runs (${upload.prune}).`);
                    }
                }
            }
            catch (error) {
                notes.warn(`Could not drop the oldest runs: ${errorMessage(error)}`);
            }
        }
        try {
            const url = await upload.artifacts.upload(upload.name, external_node_path_default().dirname(upload.path));
            log.info(`Uploaded the store${url ? `: ${url}` : ''}.`);
            return url;
        }
        catch (error) {
            notes.warn(`Could not upload the local store as artifact '${upload.name}': ${errorMessage(error)}`);
            return undefined;
        }
    });
}
/** How many runs the experiment has, counting up to `limit`; the store is closed after. */
async function countRuns(store, experimentName, limit) {
    try {
        const experiment = await store.getExperimentByName(experimentName);
        if (experiment === undefined)
            return 0;
        const page = await store.searchRuns({
            experimentIds: [experiment.experimentId],
            maxResults: limit
        });
        return page.runs.length;
    }
    finally {
        await store.close();
    }
}

;// CONCATENATED MODULE: ./src/pipeline/select-baseline.ts
/**
 * Step 5: the baseline, a set of runs: the run `baseline-run-id` names, else a window of the
 * latest finished runs of the candidate's entry point on the base branch (one search call; the
 * latest metric values come with the runs), searched in the primary store first and then in the
 * carried history. No baseline is a normal state (the first run).
 */




async function selectBaseline(request, sources) {
    const [primary] = sources;
    if (primary === undefined)
        throw new RangeError('selectBaseline needs a store');
    if (request.runId) {
        return { set: await runById(primary.store, request.runId), from: primary };
    }
    if (request.model !== undefined)
        return byModelIn(request.model, sources);
    if (request.filter !== undefined)
        return byFilter(request, request.filter, primary);
    const branch = request.branch;
    if (branch === undefined) {
        return {
            set: { runs: [], how: 'no base branch is known for this event, so there is no baseline' },
            from: primary
        };
    }
    for (const source of sources) {
        const experimentId = source === primary
            ? request.candidate.info.experimentId
            : (await source.store.getExperimentByName(request.experimentName))?.experimentId;
        if (experimentId === undefined)
            continue;
        const found = await searchBranch(source.store, { ...request, branch }, experimentId);
        // Too few runs to be a baseline is the answer (a carried history has fewer still).
        if (found.runs.length === 0 && found.tooFew) {
            return { set: { runs: [], how: found.how }, from: primary };
        }
        if (found.runs.length > 0) {
            const how = source.description ? `${found.how}, from ${source.description}` : found.how;
            return { set: { runs: found.runs, how }, from: source };
        }
    }
    return { set: { runs: [], how: noBaseline(request, branch) }, from: primary };
}
/** Why there is no baseline on the branch, and what to do. */
function noBaseline(request, branch) {
    const entryPoint = request.candidate.data.tags['mlflow.project.entryPoint'];
    const of = `${entryPoint ? ` of entry point '${entryPoint}'` : ''} on branch '${branch}'`;
    return `no baseline: no finished run${of} was found${request.since !== undefined ? ' within baseline.max_age_days' : ''}. Run this workflow on push to '${branch}' to record one.`;
}
/**
 * The branch's baseline runs in one store: the merge base's runs, else the latest before it (or,
 * without a merge base, the latest), at most `window`, none when fewer than `minRuns`.
 */
async function searchBranch(store, request, experimentId) {
    const entryPoint = request.candidate.data.tags['mlflow.project.entryPoint'];
    const of = `${entryPoint ? ` of entry point '${entryPoint}'` : ''} on branch '${request.branch}'`;
    const base = {
        experimentId,
        branch: request.branch,
        entryPoint,
        exclude: request.candidate.info.runId
    };
    const since = request.since === undefined ? [] : [timeCondition('since', request.since)];
    const search = (conditions) => latestRuns(store, { ...base, conditions: [...since, ...conditions] }, request.window);
    const mb = request.mergeBase;
    let runs;
    let what;
    if (mb !== undefined) {
        const short = mb.sha.slice(0, 7);
        runs = await search([commitCondition(mb.sha)]);
        what = `${windowWords(runs.length, request.window)} of the merge base ${short}`;
        if (runs.length === 0) {
            runs = await search([timeCondition('until', mb.time)]);
            what = `${windowWords(runs.length, request.window)} before the merge base ${short} (which has none)`;
        }
    }
    else {
        runs = await search([]);
        what = windowWords(runs.length, request.window);
    }
    if (request.minRuns !== undefined && runs.length > 0 && runs.length < request.minRuns) {
        return {
            runs: [],
            how: `no baseline: ${runs.length} finished run(s)${of}, fewer than baseline.min_runs (${request.minRuns})`,
            tooFew: true
        };
    }
    return { runs, how: what + of };
}
/** The latest finished runs that match the user's filter (`baseline.filter`). */
async function byFilter(request, filter, primary) {
    const since = request.since === undefined ? '' : ` AND ${timeCondition('since', request.since)}`;
    const page = await primary.store.searchRuns({
        experimentIds: [request.candidate.info.experimentId],
        filter: `attributes.status = 'FINISHED'${since} AND ${filter}`,
        orderBy: ['attributes.start_time DESC'],
        maxResults: request.window + 1
    });
    const runs = page.runs
        .filter(r => r.info.runId !== request.candidate.info.runId)
        .slice(0, request.window);
    const what = `${windowWords(runs.length, request.window)} matching the filter ${filter}`;
    return {
        set: {
            runs,
            how: runs.length > 0 ? what : `no baseline: no finished run matches the filter ${filter}`
        },
        from: primary
    };
}
/**
 * `baseline.model` in the first store whose registry has the alias: the primary store, else the
 * carried history (a pull request's own local store has no registry; the base branch's has).
 */
async function byModelIn(uri, sources) {
    let first;
    for (const source of sources) {
        const found = await byModel(uri, source);
        if (found.set.runs.length > 0)
            return found;
        first ??= found;
    }
    if (first === undefined)
        throw new RangeError('selectBaseline needs a store');
    return first;
}
/** The run that logged the model version an alias points to (`baseline.model`). */
async function byModel(uri, primary) {
    const { name, alias } = splitModelUri(uri) ?? { name: uri, alias: '' };
    const { store } = primary;
    let version;
    try {
        version = await store.getModelVersion(name, alias);
    }
    catch (error) {
        throw new ActionError(`baseline.model ${uri}: the registry of the ${store.description} could not be read: ${errorMessage(error)}`, { cause: error });
    }
    const none = (why) => ({
        set: { runs: [], how: `no baseline: ${why}` },
        from: primary
    });
    if (version === undefined) {
        return none(`no version of the registered model '${name}' has the alias '${alias}' (${uri}). Set it on the version to compare with, e.g. MlflowClient().set_registered_model_alias('${name}', '${alias}', 1).`);
    }
    if (version.runId === undefined) {
        return none(`version ${version.version} of '${name}' (${uri}) was not logged by a run, so it has no metrics to compare with.`);
    }
    const runId = version.runId;
    const run = await store.getRun(runId).catch((error) => {
        throw new ActionError(`baseline.model ${uri}: run ${runId}, which logged version ${version.version}, could not be read from the ${store.description}: ${errorMessage(error)}`, { cause: error });
    });
    return {
        set: { runs: [run], how: `run ${runId}, which logged version ${version.version} of ${uri}` },
        from: primary
    };
}
async function runById(store, runId) {
    try {
        const run = await store.getRun(runId);
        return { runs: [run], how: `run ${runId}, given by baseline-run-id` };
    }
    catch (error) {
        throw new InputError('baseline-run-id', `run '${runId}' could not be read from the ${store.description}: ${errorMessage(error)}`);
    }
}
/** "the latest finished run", "the latest 4 finished runs (a window of 10)", … */
function windowWords(found, window) {
    if (window === 1)
        return 'the latest finished run';
    const runs = found === 1 ? 'finished run' : `${found} finished runs`;
    return `the latest ${runs} (a window of ${window}${found < window ? `, ${found} found` : ''})`;
}
/** The latest `window` finished runs of the branch in the experiment, other than `exclude`. */
async function latestRuns(store, query, window = 1) {
    const page = await store.searchRuns({
        experimentIds: [query.experimentId],
        filter: baselineFilter(query),
        // Newest first; MLflow (and the local stores, as MLflow does) break ties by run id.
        orderBy: ['attributes.start_time DESC'],
        maxResults: window + 1
    });
    return page.runs.filter(r => r.info.runId !== query.exclude).slice(0, window);
}
/** The baseline of the candidate, from the primary store and then the carried history. */
async function findBaseline(plan, candidate, stores, deps) {
    const { log } = deps;
    const [run] = candidate.set.runs;
    if (run === undefined)
        throw new RangeError('a candidate without a run');
    const request = {
        runId: plan.baselineRunId,
        branch: plan.branch,
        candidate: run,
        experimentName: candidate.experimentName,
        window: plan.window,
        filter: plan.baselineFilter,
        model: plan.baselineModel,
        since: plan.since,
        minRuns: plan.minRuns
    };
    return log.group('Finding the baseline run', async () => {
        const mergeBase = await findMergeBase(plan.mergeBaseOf, deps);
        const found = await selectBaseline({ ...request, mergeBase }, baselineSources(stores));
        const [first] = found.set.runs;
        log.info(first ? `Baseline: run ${first.info.runId} (${found.set.how}).` : found.set.how);
        return found;
    });
}
/** The pull request's merge base from GitHub; when it cannot be had, the latest runs, with a note. */
async function findMergeBase(of, deps) {
    if (of === undefined || deps.repository === undefined)
        return undefined;
    try {
        return await deps.repository.mergeBase(of.base, of.head);
    }
    catch (error) {
        deps.notes.warn(`Could not find the merge base of '${of.base}' and ${of.head.slice(0, 7)} (${errorMessage(error)}): the baseline is the latest runs of '${of.base}'.`);
        return undefined;
    }
}
/** The primary store (its runs' pages: the artifact it was carried from), then the history. */
function baselineSources(stores) {
    // Live: the tests' runs write to a local store between the search and the reading of histories.
    const primary = { store: livePrimary(stores), url: stores.carriedFrom?.url };
    const history = stores.history;
    if (history === undefined)
        return [primary];
    const { fetched } = history;
    return [primary, { store: history.store, description: fetched.description, url: fetched.url }];
}

;// CONCATENATED MODULE: ./src/pipeline/run-care-label.ts
/**
 * One care-label run, as the steps of DESIGN.md §2 in order: rules → plan → stores → candidate
 * → baseline → decision → evidence → the label logged with the run → (the local store kept) →
 * report → files, bundle, comment, publish. Each step is a file of this folder; this one passes
 * what a step returns to the next and records the outputs as they become known, so that they
 * survive a later failure. It builds no store, client or path itself: those come in through
 * `PipelineDeps`.
 */



















async function runCareLabel(settings, context, deps, matrix) {
    const { log, outputs } = deps;
    const notes = collectNotes(log);
    const edges = { log, notes, repository: deps.repository };
    const rules = await loadConfig(rulesRequest(settings, context), edges);
    const now = (deps.clock ?? Date.now)();
    const plan = planRun(settings, context, rules.config, { artifacts: deps.artifacts, now }, notes);
    if (plan.location.kind === 'sqlite')
        outputs.set('tracking-uri', plan.location.uri);
    // The tests are checked before anything runs: a typo costs no training.
    if (matrix === undefined)
        run_tests_checkTests(testsRequestOf(settings, rules.config, plan.location.uri, context));
    const stores = await openStores({ location: plan.location, probeExperiment: plan.run?.experimentName, carried: plan.carried }, { openStore: deps.openStore, log, notes });
    const kept = { experimentName: plan.experimentName, saved: false };
    try {
        const record = (runId) => outputs.set('run-id', runId);
        const sides = await obtainSides(plan, settings, { context, measuredOn: matrix?.measuredOn }, stores, { ...deps, ...edges, record, kept });
        const selected = await selectChildren(rules.config.select, sides, stores.primary(), { notes });
        const judged = await judgeByModels(rules.config.model, selected, stores, { notes });
        const tested = await testSides(judged, matrix, { settings, rules, plan, context, stores }, deps, notes);
        const { candidate, baseline, model } = tested.sides;
        // The newest baseline run: the one the report shows (a window's centre stands beside it).
        outputs.set('baseline-run-id', baseline.set.runs[0]?.info.runId ?? '');
        return await reportOn({ candidate, baseline, model, tests: tested.tests }, { plan, rules, context, stores, kept }, { ...deps, notes });
    }
    finally {
        await stores.close();
        // Nothing the run produced is lost: the store goes up even when a later step failed.
        if (!kept.saved)
            await keepStore(plan, kept.experimentName, deps, notes, { prune: false });
    }
}
/** The tests: run here against the candidate, or (the aggregate job) as the matrix ran them. */
function testSides(judged, matrix, run, deps, notes) {
    const { settings, rules, plan, context, stores } = run;
    if (matrix !== undefined) {
        return takeTests(matrix.records, judged, rules.config.tests ?? [], stores, { notes });
    }
    const request = testsRequestOf(settings, rules.config, plan.location.uri, context);
    return runTests(request, judged, stores, { ...deps, notes });
}
/**
 * From the two sides to the published report: the decision, the evidence, the label logged with
 * the run, the local store kept, and the report built and published.
 */
async function reportOn(sides, run, deps) {
    const { candidate, baseline } = sides;
    const { plan, rules, stores, kept } = run;
    const { log, notes } = deps;
    const decision = failTests(decide(rules.config, candidate.set, baseline.set), sides.tests);
    const evidence = await collectEvidence(rules.config, candidate, baseline, stores, deps);
    // Drawn once: the same charts go into the label's copy of the report and into the output's.
    const charts = await deps.charts.draw(evidence.histories);
    const reportOf = (labelArtifacts, registration) => buildReport({
        key: plan.reportKey,
        experimentName: candidate.experimentName,
        gate: plan.gate,
        candidate: candidate.set,
        baseline: baseline.set,
        ...decision,
        ...evidence,
        config: { file: rules.config.file, note: rules.note },
        rules: rules.rules,
        context: run.context,
        notes: notes.list,
        environment: candidate.environment,
        labelArtifacts,
        registration,
        tests: sides.tests
    });
    // While the store is open (for the tags), and before it is closed and uploaded, so that the
    // label travels in it too.
    const labelArtifacts = await logLabel(reportOf(), { run: shownRun(candidate), trackingUri: plan.location.uri, dir: labelDir(plan), charts }, { runner: deps.runner, stores, log, notes });
    await stores.close();
    const registration = await promote(sides, reportOf(labelArtifacts), run, deps);
    if (plan.keep !== undefined) {
        const storeUrl = await keepStore(plan, kept.experimentName, deps, notes);
        kept.saved = true;
        for (const r of withParent(candidate))
            evidence.links[r.info.runId] ??= storeUrl;
    }
    // Built again: the store's page is known now, whether the label could be logged, and what was
    // registered.
    const report = reportOf(labelArtifacts, registration);
    const published = await publishReport(report, plan.outputDir, charts, deps);
    return { report, published };
}
/**
 * The candidate and its baseline: the project's runs beside the merge base's (paired), else the
 * candidate and then the baseline it is compared with.
 */
async function obtainSides(plan, settings, of, stores, deps) {
    const { context } = of;
    if (plan.paired !== undefined && plan.run !== undefined) {
        const { run, paired, experimentName } = plan;
        const { workspace, project } = settings;
        return obtainPairs({ run, paired, workspace, project, experimentName, context }, stores, deps);
    }
    const candidate = await obtainCandidate({ ...plan, ...of }, stores, deps);
    deps.kept.experimentName = candidate.experimentName;
    return { candidate, baseline: await findBaseline(plan, candidate, stores, deps) };
}
/**
 * A test that failed at level fail, or a required one not measured, fails the verdict, whatever
 * the metrics say.
 */
function failTests(decision, tests) {
    if (!testsFailGate(tests))
        return decision;
    return { ...decision, comparison: { ...decision.comparison, verdict: 'fail' } };
}
/** `register:`, when the config has it: the candidate's model promoted, or why not. */
async function promote(sides, report, run, deps) {
    const register = run.rules.config.register;
    const first = sides.candidate.set.runs[0];
    if (register === undefined || first === undefined)
        return undefined;
    return register_model_registerModel({
        register,
        modelName: run.rules.config.model?.name,
        run: first,
        model: sides.model,
        report,
        context: run.context,
        trackingUri: run.plan.location.uri,
        reportAt: report.labelArtifacts ? `${report.labelArtifacts.uri}/report.html` : undefined
    }, deps);
}
/** The run the report shows: the parent that groups repeats, else the candidate run. */
function shownRun(candidate) {
    const shown = candidate.set.parent ?? candidate.set.runs[0];
    if (shown === undefined)
        throw new RangeError('a candidate needs a run');
    return shown;
}
/** Where the label's files are written before they are logged (nothing else is in it). */
function labelDir(plan) {
    return external_node_path_default().join(plan.outputDir, 'label');
}
/** Uploads the action's own store, if it keeps one (pruned on the branch itself). */
async function keepStore(plan, experimentName, deps, notes, options = { prune: true }) {
    const keep = plan.keep;
    if (keep === undefined)
        return undefined;
    return saveStore({
        ...keep,
        name: storeArtifactName(keep.name, experimentName) || 'care-label-store',
        experimentName,
        prune: options.prune ? keep.prune : undefined
    }, {
        openStore: () => deps.openStore(plan.location),
        runner: options.prune ? deps.runner : undefined,
        log: deps.log,
        notes
    });
}

;// CONCATENATED MODULE: ./src/adapters/gitlab/api.ts
/**
 * GitLab's REST API (v4) over Node's fetch: the token in the PRIVATE-TOKEN header, every page of
 * a list (GitLab's offset pagination: x-next-page, or the Link header), and the retries of
 * transient failures (util/retry, with an injectable clock).
 */





/** A failed call: GitLab's status and message, or no status when GitLab could not be reached. */
class GitLabApiError extends ActionError {
    details;
    constructor(message, details, options) {
        super(message, options);
        this.details = details;
    }
}
/** Three retries after 1, 2 and 4 s (or what Retry-After asks, up to a minute). */
const DEFAULT_GITLAB_RETRY = {
    maxRetries: 3,
    baseDelayMs: 1000,
    jitterMs: 250,
    maxWaitMs: 60_000,
    maxTotalMs: 120_000
};
/** A bound on the pages of one list (10,000 notes), in case a server keeps saying "next". */
const MAX_PAGES = 100;
function gitlabClient(options) {
    const apiUrl = options.apiUrl.replace(/\/+$/, '');
    const problem = apiUrlProblem(apiUrl);
    if (problem !== undefined)
        return refusingClient(problem);
    const base = new URL(`${apiUrl}/`);
    const call = (method, url, body) => retry(() => send(options, method, url, body), {
        policy: options.policy ?? DEFAULT_GITLAB_RETRY,
        clock: options.clock ?? realClock,
        decide: (error, { backoffMs, now }) => retryWait(error, method, backoffMs, now),
        describe: api_describeFailure,
        onRetry: event => options.onRetry?.(retryMessage(`GitLab: ${method} ${url.pathname}`, event))
    });
    const at = (path) => new URL(path.replace(/^\/+/, ''), base);
    return {
        get: async (path) => (await call('GET', at(path))).json,
        post: async (path, body) => (await call('POST', at(path), body)).json,
        put: async (path, body) => (await call('PUT', at(path), body)).json,
        list: (path, query = {}) => listAll(call, at(path), query)
    };
}
/**
 * A client for an address no request may go to (one with credentials, or not http(s)): every
 * call fails with the reason, before anything is sent.
 */
function refusingClient(problem) {
    const refuse = (method) => async (path) => {
        throw new GitLabApiError(`${problem}; no request was sent.`, { method, path });
    };
    return { get: refuse('GET'), list: refuse('GET'), post: refuse('POST'), put: refuse('PUT') };
}
async function listAll(call, first, query) {
    for (const [key, value] of Object.entries({ ...query, per_page: '100', page: '1' }))
        first.searchParams.set(key, value);
    const items = [];
    const seen = new Set();
    let url = first;
    for (let n = 0; url !== undefined && n < MAX_PAGES && !seen.has(url.href); n++) {
        seen.add(url.href);
        const page = await call('GET', url);
        if (!Array.isArray(page.json)) {
            throw new GitLabApiError(`GitLab's answer to GET ${url.pathname} is not a list.`, {
                method: 'GET',
                path: url.pathname
            });
        }
        items.push(...page.json);
        url = nextPage(page.headers, url);
    }
    return items;
}
/**
 * The next page: x-next-page (empty on the last page), else the Link header's rel="next" (a
 * proxy may drop x- headers). A link to another host is refused: the token goes with it.
 */
function nextPage(headers, current) {
    const next = headers.get('x-next-page');
    if (next !== null) {
        if (!/^\d+$/.test(next.trim()))
            return undefined;
        const url = new URL(current);
        url.searchParams.set('page', next.trim());
        return url;
    }
    const link = /<([^>]*)>\s*;\s*rel="?next"?/.exec(headers.get('link') ?? '')?.[1];
    if (link === undefined)
        return undefined;
    const url = new URL(link, current);
    if (url.origin !== current.origin) {
        throw new GitLabApiError(`GitLab's next-page link points to ${url.origin}, not to ${current.origin}; it is not followed (the token would go with it).`, { method: 'GET', path: current.pathname });
    }
    return url;
}
/** One request; a non-2xx answer becomes a GitLabApiError with GitLab's words. */
async function send(options, method, url, body) {
    const where = { method, path: url.pathname };
    let response;
    try {
        response = await fetch(url, {
            method,
            headers: requestHeaders(options.token, body !== undefined),
            body: body === undefined ? undefined : JSON.stringify(body),
            // A redirect would carry PRIVATE-TOKEN to wherever it points: it is an error instead.
            redirect: 'manual',
            signal: AbortSignal.timeout(options.timeoutMs ?? 30_000)
        });
    }
    catch (error) {
        throw fetchError(error, method, url);
    }
    const json = parseJson(await response.text());
    if (response.status >= 200 && response.status < 300)
        return { json, headers: response.headers };
    throw answerError(response, json, where);
}
/**
 * Why fetch gave no answer, in words safe to log: a failed connection or a timeout (worth a
 * retry), or a request fetch would not even build, which fails the same way every time. Node's
 * fetch puts the request's URL, credentials and all, into the text of the latter: it is redacted,
 * and the original error is not kept as the cause.
 */
function fetchError(error, method, url) {
    const where = { method, path: url.pathname };
    if (isNetworkFailure(error)) {
        const reason = redactText(messageOf(isObject(error) && error['cause'] ? error['cause'] : error));
        return new GitLabApiError(`Could not reach GitLab at ${url.origin} (${reason}).`, { ...where, network: true }, { cause: error });
    }
    const reason = redactText(messageOf(error));
    return new GitLabApiError(`Could not send ${method} ${url.pathname} to GitLab (${reason}).`, where);
}
/** An error's message, also for one from another realm (where `instanceof Error` is false). */
function messageOf(error) {
    const message = isObject(error) ? error['message'] : undefined;
    return typeof message === 'string' ? message : errorMessage(error);
}
/**
 * A connection refused or lost, a name not found, a timeout: Node's fetch reports these as a
 * TypeError whose cause is the socket's error, or as a TimeoutError. Its other TypeErrors (a URL
 * with credentials, a bad header) carry no cause. Read by name, not by `instanceof`: fetch's
 * errors may come from another realm.
 */
function isNetworkFailure(error) {
    if (!isObject(error))
        return false;
    const name = error['name'];
    if (name === 'TimeoutError' || name === 'AbortError')
        return true;
    return name === 'TypeError' && error['cause'] !== undefined;
}
function requestHeaders(token, withBody) {
    const headers = {
        'PRIVATE-TOKEN': token,
        Accept: 'application/json',
        'User-Agent': 'mlflow-care-label'
    };
    if (withBody)
        headers['Content-Type'] = 'application/json';
    return headers;
}
function answerError(response, json, where) {
    const { status } = response;
    const location = response.headers.get('location');
    const reason = status >= 300 && status < 400
        ? `a redirect to ${redactUri(location ?? '?')}: set CI_API_V4_URL to the address GitLab answers on`
        : gitlabReason(json, response.statusText);
    return new GitLabApiError(`GitLab answered ${where.method} ${where.path} with HTTP ${status}: ${reason}`, {
        ...where,
        status,
        reason,
        scope: isObject(json) ? optString(json, 'scope') : undefined,
        retryAfter: response.headers.get('retry-after') ?? undefined
    });
}
/**
 * GitLab's words for a failure: `{"message": "404 Not found"}`, a validation error's
 * `{"message": {"note": ["is too long ..."]}}`, or OAuth's `{"error": ..., "error_description": ...}`.
 */
function gitlabReason(json, fallback) {
    if (!isObject(json))
        return fallback || 'no message';
    const message = json['message'];
    if (typeof message === 'string')
        return message;
    if (isObject(message)) {
        return Object.entries(message)
            .map(([field, errors]) => `${field} ${Array.isArray(errors) ? errors.join(', ') : String(errors)}`)
            .join('; ');
    }
    const error = optString(json, 'error');
    if (error === undefined)
        return fallback || 'no message';
    const description = optString(json, 'error_description');
    return description ? `${error} (${description})` : error;
}
/** A failure in a retry's log line, which names the method and path already. */
function api_describeFailure(error) {
    if (error instanceof GitLabApiError && error.details.status !== undefined) {
        return `HTTP ${error.details.status}: ${error.details.reason ?? ''}`;
    }
    return errorMessage(error);
}
function parseJson(text) {
    if (text.trim() === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return text.slice(0, 200);
    }
}
/**
 * How long to wait before retrying, or undefined: not transient. A rate limit (429) is retried
 * for every method, as GitLab did nothing; a server error or a lost connection only for reads
 * and updates, since a note's POST may have been made before the answer was lost.
 */
function retryWait(error, method, backoffMs, now) {
    if (!(error instanceof GitLabApiError))
        return undefined;
    const { status, retryAfter } = error.details;
    if (status === 429)
        return Math.max(parseRetryAfterMs(retryAfter, now) ?? 0, backoffMs);
    if (method === 'POST')
        return undefined;
    if (error.details.network === true)
        return backoffMs;
    if (status !== undefined && status >= 500)
        return backoffMs;
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/report/comment-policy.ts
/**
 * Whether a report is worth a new comment under `mode` (an existing one is always updated, so it
 * never goes stale): on-failure when a rule fails; on-change also when the grade or a category's
 * letter differs from the baseline's.
 */
function worthAComment(report, mode) {
    if (mode === 'off')
        return false;
    if (report.verdict === 'fail' || (mode !== 'on-change' && mode !== 'on-failure'))
        return true;
    if (mode === 'on-failure')
        return false;
    const { label } = report;
    if (label.baselineOverall !== undefined && label.overall !== label.baselineOverall)
        return true;
    return label.categories.some(c => c.baselineLetter !== undefined && c.letter !== c.baselineLetter);
}
/**
 * Why no comment was created under `mode`, for the log: what `worthAComment` found missing. Only
 * on-failure and on-change ever leave a report without one.
 */
function noCommentReason(mode) {
    return mode === 'on-failure' ? 'no rule failed' : 'no rule failed and no letter changed';
}

;// CONCATENATED MODULE: ./src/core/report/sticky.ts
/**
 * The sticky comment's one decision, the same on GitHub and GitLab: given the comments (or notes)
 * already on the pull request, which one is ours to update, or whether to create one. Pure: each
 * adapter lists and writes over its own API.
 */
/**
 * Picks the first comment of ours that carries `marker`, in the order given (oldest first, so
 * that the first of two stays the one kept up to date), and compares its body with `body`.
 */
function decideStickyWrite(comments, wanted) {
    const existing = comments.find(c => c.ours && c.body.includes(wanted.marker));
    if (existing === undefined)
        return { action: wanted.create ? 'create' : 'none' };
    return { action: existing.body === wanted.body ? 'unchanged' : 'update', existing };
}

;// CONCATENATED MODULE: ./src/adapters/gitlab/notes.ts
/**
 * The sticky merge-request note: one per merge request and report key, found again by its hidden
 * marker among the notes of the token's own user, and updated in place.
 */





/** The id of the token's user (GET /user): the author whose notes may be ours. */
async function currentUserId(client) {
    const user = await client.get('user');
    const id = isObject(user) ? optNumber(user, 'id') : undefined;
    if (id === undefined)
        throw new errors_DataFormatError("GitLab's answer to GET /user has no user id.");
    return id;
}
/** A note from GitLab's JSON; undefined when it lacks what finding ours needs. */
function readNote(json) {
    if (!isObject(json))
        return undefined;
    const id = optNumber(json, 'id');
    const author = optObject(json, 'author');
    const authorId = author && optNumber(author, 'id');
    if (id === undefined || authorId === undefined)
        return undefined;
    return { id, authorId, body: optString(json, 'body') ?? '', system: json['system'] === true };
}
function notesPath(target) {
    const project = encodeURIComponent(target.projectId);
    return `projects/${project}/merge_requests/${target.mergeRequestIid}/notes`;
}
function noteUrl(target, id) {
    return target.mergeRequestUrl && `${target.mergeRequestUrl}#note_${id}`;
}
/**
 * Finds the note that carries `marker` among all notes of the merge request (every page, oldest
 * first) written by `authorId`, and updates it, or creates one (unless `create` is false: then
 * undefined). A marker copied into someone else's note is not ours to edit; an unchanged body is
 * not written again.
 */
async function upsertNote(client, target, note) {
    const listed = await client.list(notesPath(target), { sort: 'asc', order_by: 'created_at' });
    const candidates = listed.flatMap(json => {
        const n = readNote(json);
        return n === undefined ? [] : [{ ...n, ours: !n.system && n.authorId === note.authorId }];
    });
    const decision = decideStickyWrite(candidates, note);
    switch (decision.action) {
        case 'none':
            return undefined;
        case 'create':
            return createNote(client, target, note.body);
        case 'unchanged': {
            const { id } = decision.existing;
            return { action: 'unchanged', id, url: noteUrl(target, id) };
        }
        case 'update': {
            const path = `${notesPath(target)}/${decision.existing.id}`;
            return written('updated', await client.put(path, { body: note.body }), target);
        }
    }
}
/** A new note on the merge request. */
async function createNote(client, target, body) {
    return written('created', await client.post(notesPath(target), { body }), target);
}
function written(action, json, target) {
    const id = isObject(json) ? optNumber(json, 'id') : undefined;
    if (id === undefined)
        throw new errors_DataFormatError(`GitLab's answer for the ${action} note has no id.`);
    return { action, id, url: noteUrl(target, id) };
}
/** One line that says what went wrong with the note and what to change. */
function explainGitLabError(error, target) {
    if (!(error instanceof GitLabApiError) || error.details.status === undefined) {
        return `Could not post the merge request note: ${errorMessage(error)}`;
    }
    const { status, reason, scope } = error.details;
    const said = `HTTP ${status}: ${reason}`;
    const mr = `merge request !${target.mergeRequestIid} of project ${target.projectId}`;
    if (status === 401) {
        return `GitLab refused GITLAB_TOKEN (${said}): it is wrong, expired or revoked. Use ${TOKEN_NEEDS}.`;
    }
    if (status === 403 && reason?.startsWith('insufficient_scope') === true) {
        return `GitLab refused the note (${said}): GITLAB_TOKEN lacks the ${scope ?? 'api'} scope (read_api only reads). Use ${TOKEN_NEEDS}.`;
    }
    if (status === 403) {
        return `GitLab refused the note (${said}): the token's user may not comment on ${mr}. Give it at least the Reporter role in the project (and check the discussion is not locked).`;
    }
    if (status === 404) {
        return `GitLab found no ${mr} (${said}): check ${target.projectIdVariable} and CI_MERGE_REQUEST_IID, and that the token's user is a member of the project (GitLab hides private projects from others).`;
    }
    if (status === 429) {
        return `GitLab's rate limit stopped the note (${said}); it is posted on the next run.`;
    }
    return `Posting the merge request note failed (${said}).`;
}

;// CONCATENATED MODULE: ./src/adapters/gitlab/publish.ts
/**
 * Publishing in GitLab CI: the report's Markdown as the merge request's sticky note. What GitLab
 * refuses is a warning in the outcome (and the log), never an exception: the report's files are
 * written before, and stay.
 */



/**
 * Posts the note on `target` (GitLab's Markdown renders the comment's GitHub-flavoured Markdown
 * alike; the comment is sized for GitHub's 65,536 characters, far below a note's 1,000,000).
 */
function gitlabNotePublisher(target, options, deps) {
    return {
        async publish(report, markdown) {
            const outcome = { warnings: [] };
            if (options.comment === 'off')
                return outcome;
            try {
                const result = await postNote(deps.client, target, options.comment, report, markdown);
                if (result === undefined) {
                    deps.log.info(`No merge request note (comment: ${options.comment}): ${quiet(options.comment)}.`);
                }
                else {
                    deps.log.info(`Merge request note ${result.action}: ${where(result, target)}`);
                    outcome.commentUrl = result.url;
                }
            }
            catch (error) {
                const message = `${explainGitLabError(error, target)} The report is in ${options.reportFile}.`;
                deps.log.warning(message);
                outcome.warnings.push(message);
            }
            return outcome;
        }
    };
}
/** A publisher that posts nothing and says why (a GitLab job without a merge request or token). */
function skippedNotePublisher(job, log) {
    return {
        async publish() {
            if (job.level === 'info') {
                log.info(job.message);
                return { warnings: [] };
            }
            log.warning(job.message);
            return { warnings: [job.message] };
        }
    };
}
async function postNote(client, target, mode, report, markdown) {
    if (mode === 'new')
        return createNote(client, target, markdown);
    const authorId = await currentUserId(client);
    const create = worthAComment(report, mode);
    const marker = reportMarker(report.key);
    return upsertNote(client, target, { marker, body: markdown, authorId, create });
}
function quiet(mode) {
    return `${noCommentReason(mode)}, and there is no earlier note to update`;
}
function where(result, target) {
    return (result.url ??
        `note ${result.id} on merge request !${target.mergeRequestIid} of project ${target.projectId}`);
}

;// CONCATENATED MODULE: ./src/cli/summary.ts



const ANSI = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 };
/** Control characters, zero-width characters and the bidi controls of every renderer. */
const UNSAFE_IN_A_TERMINAL = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${ZERO_WIDTH}${BIDI_CONTROLS}]`, 'g');
/** Control, bidi and zero-width characters as visible escapes (\u001b → "\x1b"). */
function terminalText(text) {
    return text.replace(UNSAFE_IN_A_TERMINAL, c => {
        const code = c.charCodeAt(0);
        return code < 0x100
            ? `\\x${code.toString(16).padStart(2, '0')}`
            : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}
const MARK = {
    fail: ['✗', 'red'],
    missing: ['✗', 'red'],
    warn: ['!', 'yellow'],
    inconclusive: ['?', 'yellow'],
    'not-comparable': ['–', 'dim']
};
function terminalSummary(report, options) {
    const paint = (style, text) => options.colour ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
    const { label, comparison } = report;
    const verdict = {
        pass: paint('green', 'pass'),
        fail: paint('red', 'fail'),
        'no-baseline': 'no baseline yet'
    }[report.verdict];
    const grade = `${label.overall ?? '?'}${label.baselineOverall ? ` (baseline ${label.baselineOverall})` : ''}`;
    const lines = [`${paint('bold', `Care label ${grade}`)}: ${verdict}`];
    for (const m of comparison.metrics) {
        const mark = MARK[m.status];
        if (mark === undefined)
            continue;
        lines.push(`  ${paint(mark[1], mark[0])} ${metricLine(m)}`);
    }
    const categories = label.categories
        .filter(c => c.letter !== undefined)
        .map(c => `${terminalText(c.category.charAt(0).toUpperCase() + c.category.slice(1))} ${c.letter}`);
    if (categories.length > 0)
        lines.push(`  ${categories.join(' · ')}`);
    lines.push(`Report: ${terminalText(`${options.outputDir}/report.md`)} (also report.html, report.json, care-label.svg)`);
    return `${lines.join('\n')}\n`;
}
function metricLine(m) {
    const value = m.candidate === undefined ? 'not logged' : formatNumber(m.candidate);
    const against = m.baseline === undefined ? '' : ` (baseline ${formatNumber(m.baseline)}, ${changeText(m)})`;
    const broken = m.checks.filter(c => !c.passed).map(c => c.description);
    const why = m.status === 'inconclusive'
        ? 'inconclusive: the change is within the noise'
        : m.status === 'not-comparable'
            ? 'not comparable: measured on another platform'
            : broken.join('; ');
    return terminalText(`${m.metric} ${value}${against}${why ? `: ${why}` : ''}${m.status === 'warn' ? ' (warn only)' : ''}`);
}

;// CONCATENATED MODULE: ./src/cli/publish.ts
/**
 * The CLI's publisher: the report on stdout, then, in a GitLab merge-request pipeline, the
 * merge request's sticky note. Wiring only: the note's logic is in adapters/gitlab.
 */





const FORMATS = ['text', 'markdown', 'json'];
/** Prints the report as `format` says, then hands it to `next` (the note), if any. */
function cliPublisher(format, outputDir, next) {
    return {
        async publish(report, markdown) {
            process.stdout.write(printed(report, markdown, format, outputDir));
            return next === undefined ? { warnings: [] } : next.publish(report, markdown);
        }
    };
}
/**
 * The merge-request note's publisher when the environment is GitLab CI: one that posts, or one
 * that says why it does not; undefined outside GitLab CI. The token is masked in the log first.
 */
function gitlabPublisher(job, options, log) {
    if (job.kind === 'none')
        return undefined;
    if (job.kind === 'skip')
        return skippedNotePublisher(job, log);
    const { target } = job;
    log.mask(target.token);
    const client = gitlabClient({ apiUrl: target.apiUrl, token: target.token, onRetry: log.info });
    const reportFile = external_node_path_default().join(options.outputDir, 'report.md');
    return gitlabNotePublisher(target, { comment: options.comment, reportFile }, { client, log });
}
/** What stdout gets: a summary (colour on a terminal), the comment's Markdown, or report.json. */
function printed(report, markdown, format, outputDir) {
    if (format === 'json')
        return `${toJson(report)}\n`;
    if (format === 'markdown')
        return markdown;
    const colour = process.stdout.isTTY === true && !process.env['NO_COLOR'];
    const shown = external_node_path_default().relative(process.cwd(), outputDir);
    const inside = shown !== '' && !shown.startsWith('..') && !external_node_path_default().isAbsolute(shown);
    return terminalSummary(report, { colour, outputDir: inside ? shown : outputDir });
}

;// CONCATENATED MODULE: ./src/settings/types.ts
const ENV_MANAGERS = ['local', 'uv', 'virtualenv', 'conda'];
const BACKENDS = ['local', 'kubernetes', 'databricks'];
const COMMENT_MODES = ['update', 'new', 'off', 'on-change', 'on-failure'];
const MODES = ['auto', 'report', 'publish', 'partial', 'aggregate'];
/** Parses `key=value` lines; blank lines and lines starting with # are skipped. */
function parseParameterLines(text) {
    const parameters = [];
    const errors = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const eq = raw.indexOf('=');
        const key = eq < 0 ? '' : raw.slice(0, eq).trim();
        if (eq < 0 || key === '') {
            errors.push(`line ${index + 1} ('${line}') is not key=value`);
            return;
        }
        // The value is kept exactly as written after '=' (only the line break is removed).
        parameters.push([key, raw.slice(eq + 1).replace(/\r$/, '')]);
    });
    return { parameters, errors };
}

;// CONCATENATED MODULE: ./src/settings/inputs.ts
/** Action inputs → Settings. The only module that knows input names. */






const DEFAULT_CONFIG = '.github/care-label.yml';
const DEFAULT_MLFLOW_VERSION = '3.17.2';
/**
 * Minutes a run may stay RUNNING after `mlflow run` returned: time for a Databricks cluster to
 * start (several minutes) and for a training of an hour or so; a longer one raises it.
 */
const DEFAULT_WAIT_TIMEOUT_MINUTES = 60;
function parseBoolean(name, value, fallback) {
    const v = value.trim().toLowerCase();
    if (v === '')
        return fallback;
    if (['true', 'yes', '1', 'on'].includes(v))
        return true;
    if (['false', 'no', '0', 'off'].includes(v))
        return false;
    throw new InputError(name, `'${value}' is not a boolean: use true or false.`);
}
function parseInteger(name, value, fallback) {
    if (value === '')
        return fallback;
    if (!/^\d+$/.test(value))
        throw new InputError(name, `'${value}' is not a whole number.`);
    return Number(value);
}
/** One of `options`, exactly, or an InputError that lists them. */
function pick(name, value, options) {
    const found = options.find(option => option === value);
    if (found === undefined) {
        throw new InputError(name, `'${value}' is not one of ${options.join(', ')}.`);
    }
    return found;
}
/** An MLflow run id, or empty. */
function runIdInput(name, value) {
    if (value !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
        throw new InputError(name, `'${value}' is not an MLflow run id (32 hex characters, as shown in the MLflow UI).`);
    }
    return value;
}
function readSettings(getInput, env) {
    const input = (name) => getInput(name).trim();
    const { parameters, errors } = parseParameterLines(getInput('parameters'));
    if (errors.length > 0) {
        throw new InputError('parameters', `${errors.join('; ')}. Write one key=value per line.`);
    }
    const manager = pick('env-manager', input('env-manager') || 'local', ENV_MANAGERS);
    const trackingUri = input('tracking-uri');
    const runId = runIdInput('run-id', input('run-id'));
    const baselineRunId = runIdInput('baseline-run-id', input('baseline-run-id'));
    const comment = pick('comment', input('comment') || 'update', COMMENT_MODES);
    const mode = pick('mode', input('mode') || 'auto', MODES);
    const retention = parseInteger('artifact-retention-days', input('artifact-retention-days'), 0);
    if (retention < 0 || retention > 90) {
        throw new InputError('artifact-retention-days', `${retention} is out of range: GitHub keeps artifacts 1 to 90 days (0: the repository's default).`);
    }
    const historyRuns = parseInteger('history-runs', input('history-runs'), 100);
    if (historyRuns < 1) {
        throw new InputError('history-runs', `must be at least 1 (the run itself), not ${historyRuns}.`);
    }
    const artifactName = input('artifact-name');
    if (/[":<>|*?\\/\r\n]/.test(artifactName)) {
        throw new InputError('artifact-name', `'${artifactName}' has a character artifact names may not contain (" : < > | * ? \\ / or a line break).`);
    }
    const rules = pick('rules', input('rules') || 'base', ['base', 'head']);
    const config = input('config');
    const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
    const outputDir = external_node_path_default().resolve(workspace, input('output-dir') ||
        external_node_path_default().join(env['RUNNER_TEMP'] || external_node_path_default().join(workspace, '.tmp'), 'care-label'));
    const backend = readBackend(input('backend'), input('backend-config'), workspace);
    const waitTimeoutMinutes = parseInteger('wait-timeout-minutes', input('wait-timeout-minutes'), DEFAULT_WAIT_TIMEOUT_MINUTES);
    if (waitTimeoutMinutes < 1) {
        throw new InputError('wait-timeout-minutes', `must be at least 1, not ${waitTimeoutMinutes}.`);
    }
    return {
        project: input('project') || '.',
        entryPoint: input('entry-point') || 'main',
        parameters,
        envManager: manager,
        ...backend,
        waitTimeoutMinutes,
        experimentName: input('experiment-name'),
        runName: input('run-name'),
        trackingUri,
        tracking: parseTrackingUri(trackingUri, { workspace, outputDir, env }),
        workspace,
        configPath: config || DEFAULT_CONFIG,
        configExplicit: config !== '' && config !== DEFAULT_CONFIG,
        runId,
        baselineRunId,
        baselineBranch: input('baseline-branch'),
        failOnRegression: parseBoolean('fail-on-regression', getInput('fail-on-regression'), true),
        mlflowVersion: input('mlflow-version') || DEFAULT_MLFLOW_VERSION,
        outputDir,
        comment: comment,
        reportKey: input('report-key'),
        checkName: input('check-name'),
        mode,
        artifactName,
        artifactRetentionDays: retention,
        historyRuns,
        rules,
        tests: readTestSelection(getInput('tests'))
    };
}
/**
 * The `tests` input: test names and `runs-on:<label>` entries, one per line or separated by
 * commas; `none`: no test (a matrix's training job); empty: every test of the config.
 */
function readTestSelection(text) {
    const entries = text
        .split(/[,\r\n]/)
        .map(entry => entry.trim())
        .filter(entry => entry !== '');
    if (entries.length === 0)
        return undefined;
    const selection = { names: [], labels: [] };
    if (entries.length === 1 && entries[0] === 'none')
        return selection;
    for (const entry of entries) {
        const label = /^runs-on:(.*)$/.exec(entry)?.[1]?.trim();
        if (label === '') {
            throw new InputError('tests', `'${entry}' names no runner label: write runs-on:<label>, e.g. runs-on:gpu.`);
        }
        if (entry === 'none') {
            throw new InputError('tests', `'none' cannot stand beside test names: give either none or the tests to run.`);
        }
        if (label !== undefined)
            selection.labels.push(label);
        else
            selection.names.push(entry);
    }
    return selection;
}
/** What each backend's config file is: named in the message when it is missing. */
const BACKEND_CONFIG_NEEDED = {
    kubernetes: "the repository-uri to push the project's image to and the kube-job-template-path of the Job to run it in",
    databricks: 'the spec of the new cluster to run on (spark_version, node_type_id, num_workers, …)'
};
/**
 * `backend` and `backend-config`: the backend, and its JSON file resolved against the workspace
 * and checked now, so that a wrong file fails before MLflow creates a run (it creates the run
 * first, and leaves it RUNNING when the config then fails).
 */
function readBackend(backendInput, configInput, workspace) {
    const name = backendInput || 'local';
    const backend = BACKENDS.find(b => b === name);
    if (backend === undefined) {
        throw new InputError('backend', `'${name}' is not one of ${BACKENDS.join(', ')}.`);
    }
    if (backend === 'local') {
        if (configInput !== '') {
            throw new InputError('backend-config', s => `only the kubernetes and databricks backends take one, and ${s.input('backend')} is local: set ${s.input('backend')} to one of them, or leave ${s.input('backend-config')} empty.`);
        }
        return { backend, backendConfig: '' };
    }
    if (configInput === '') {
        throw new InputError('backend-config', s => `is required when ${s.input('backend')} is ${backend}: the path of a JSON file (relative to the workspace) with ${BACKEND_CONFIG_NEEDED[backend]}, as MLflow documents it.`);
    }
    // MLflow reads a value ending in .json as a file, and parses any other as JSON text.
    if (!configInput.endsWith('.json')) {
        throw new InputError('backend-config', `'${configInput}' does not end in .json, which is how MLflow tells a config file from inline JSON: rename the file.`);
    }
    const file = external_node_path_default().resolve(workspace, configInput);
    if (!(0,external_node_fs_.existsSync)(file)) {
        throw new InputError('backend-config', `'${configInput}' does not exist (looked for ${file}; a relative path starts at the workspace).`);
    }
    if (!(0,external_node_fs_.statSync)(file).isFile()) {
        throw new InputError('backend-config', `'${configInput}' is a directory, not a JSON file.`);
    }
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (error) {
        throw new InputError('backend-config', `'${configInput}' could not be read: ${errorMessage(error)}`);
    }
    const problem = checkBackendConfig(backend, text, template => (0,external_node_fs_.existsSync)(external_node_path_default().resolve(workspace, template)));
    if (problem !== undefined)
        throw new InputError('backend-config', `'${configInput}' ${problem}`);
    return { backend, backendConfig: file };
}
/**
 * What is wrong with a backend's config (the file's text), in words that follow its name, or
 * undefined. The keys are the ones MLflow itself requires before it runs anything;
 * `templateExists` tells whether the Job template a relative path names is in the workspace
 * (MLflow opens it from the directory it runs in, the workspace).
 */
function checkBackendConfig(backend, text, templateExists) {
    let config;
    try {
        config = JSON.parse(text);
    }
    catch (error) {
        // Not the parser's message: it quotes the text, and a cluster spec may hold a token.
        const at = /\(line (\d+) column (\d+)\)/.exec(errorMessage(error));
        return at
            ? `is not valid JSON: the parser stopped at line ${at[1]}, column ${at[2]}.`
            : 'is not valid JSON (`python -m json.tool` on it says where).';
    }
    if (!isObject(config)) {
        return `holds ${kindOf(config)}, not a JSON object of the ${backend} backend's settings.`;
    }
    if (backend === 'databricks') {
        if ('existing_cluster_id' in config) {
            return "names an existing_cluster_id, which MLflow's databricks backend refuses: it runs each project on a new cluster. Give that cluster's spec instead (spark_version, node_type_id, num_workers, …), at the top level or under new_cluster.";
        }
        return undefined;
    }
    const required = [
        ['repository-uri', "the image repository MLflow pushes the project's image to"],
        ['kube-job-template-path', 'the YAML file of the Kubernetes Job that runs it']
    ];
    const missing = required.filter(([key]) => config[key] === undefined);
    if (missing.length > 0) {
        const list = missing.map(([key, what]) => `${key} (${what})`).join(' and ');
        return `lacks ${list}, which MLflow's kubernetes backend requires.`;
    }
    for (const key of ['repository-uri', 'kube-job-template-path', 'kube-context']) {
        const value = config[key];
        if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
            return `has ${key} as ${typeof value === 'string' ? 'an empty string' : kindOf(value)}: it must be a non-empty string.`;
        }
    }
    const template = config['kube-job-template-path'];
    if (typeof template === 'string' && !templateExists(template)) {
        return `names kube-job-template-path '${template}', which does not exist (a relative path starts at the workspace).`;
    }
    return undefined;
}
function kindOf(value) {
    if (Array.isArray(value))
        return 'a list';
    if (value === null)
        return 'null';
    return `a ${typeof value}`;
}

;// CONCATENATED MODULE: ./src/cli/run-cli.ts
/**
 * The same pipeline from a terminal (and the demo): runs an MLflow Project into a store, compares
 * with a baseline, writes the care-label report to files and prints it. In a GitLab
 * merge-request pipeline it also posts the report as the merge request's sticky note.
 *
 *   node dist/cli/index.js --project examples/iris -P max_depth=3 --baseline-branch main
 */
















const USAGE = `Usage: care-label [options]

Runs an MLflow Project (or takes a logged run), compares it with a baseline run and writes the
care-label report (report.md, report.json) to the output directory.

Options (each is the action input of the same name):
  --project DIR            directory with an MLproject (default: .)
  --entry-point NAME       entry point (default: main)
  -P, --param KEY=VALUE    a parameter of the entry point (repeatable)
  --env-manager NAME       local | uv | virtualenv | conda (default: local)
  --backend NAME           where mlflow run runs it: local | kubernetes | databricks (default: local)
  --backend-config FILE    the backend's JSON file (kubernetes, databricks)
  --wait-timeout-minutes N how long a run may still be running once mlflow run returned (a
                           databricks run is only submitted) (default: 60)
  --experiment-name NAME   default: the MLproject's name
  --run-name NAME
  --tracking-uri URI       http(s):// server, databricks (DATABRICKS_HOST, DATABRICKS_TOKEN) or
                           sqlite:///path (default: a local store in the output dir)
  --config FILE            thresholds (default: .github/care-label.yml)
  --run-id ID              report on this run instead of running the project
  --tests NAMES            which of the config's tests run: names and runs-on:<label>,
                           comma-separated, or none (default: all of them)
  --baseline-run-id ID     compare with this run
  --baseline-branch NAME   compare with the latest run recorded on this branch
  --branch NAME            record this run as run on this branch (so later runs find it)
  --output-dir DIR         where the reports (and a local store) go (default: ./out/care-label)
  --no-fail                exit 0 even when a threshold is broken
  --format FORMAT          what is printed: text (a summary, the default), markdown (the comment)
                           or json (report.json)
  --comment MODE           the merge request note in GitLab CI: update (one sticky note, the
                           default), on-change, on-failure, new or off
  --report-key KEY         which sticky note is this report's (default: the GitLab job's name)
  --verbose
  -h, --help

In a GitLab merge-request pipeline (CI_MERGE_REQUEST_IID, CI_API_V4_URL and CI_PROJECT_ID set),
the report is posted as a note on the merge request with the token in GITLAB_TOKEN (a project
access token with the api scope and at least the Reporter role). A note that cannot be posted is a
warning: the exit code is the report's.

Exit code: 0 passed (or no baseline), 1 a threshold is broken, 2 an error.`;
/** The CLI's flag for each action input it offers. */
const FLAGS = {
    project: '--project',
    'entry-point': '--entry-point',
    parameters: '-P/--param',
    'env-manager': '--env-manager',
    backend: '--backend',
    'backend-config': '--backend-config',
    'wait-timeout-minutes': '--wait-timeout-minutes',
    'experiment-name': '--experiment-name',
    'run-name': '--run-name',
    'tracking-uri': '--tracking-uri',
    config: '--config',
    'run-id': '--run-id',
    'baseline-run-id': '--baseline-run-id',
    'baseline-branch': '--baseline-branch',
    'fail-on-regression': '--no-fail',
    'output-dir': '--output-dir',
    comment: '--comment',
    'report-key': '--report-key',
    tests: '--tests'
};
/** Errors name the CLI's flags; an input the CLI does not offer is named as the action's. */
const CLI_SURFACE = {
    input: name => FLAGS[name] ?? `the action input '${name}'`,
    label: name => FLAGS[name] ?? `Input '${name}'`,
    name: 'cli'
};
async function main(argv) {
    let values;
    try {
        values = parseFlags(argv);
    }
    catch (error) {
        process.stderr.write(`error: ${errorMessage(error)}\n\n${USAGE}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const log = consoleLog(values.verbose ?? false);
    const format = values.format ?? 'text';
    if (!FORMATS.includes(format)) {
        process.stderr.write(`error: --format: '${format}' is not one of ${FORMATS.join(', ')}.\n`);
        return 2;
    }
    try {
        const gitlab = readGitLabJob(process.env);
        const inputs = inputsFrom(values, gitlab);
        const workspace = process.cwd();
        // The Databricks variables too: a `databricks` tracking URI is read from them.
        const settings = readSettings(name => inputs[name] ?? '', {
            ...databricksEnv(process.env),
            GITHUB_WORKSPACE: workspace
        });
        for (const secret of trackingSecrets(process.env, settings.tracking.uri))
            log.mask(secret);
        const clearText = clearTextWarning(settings.tracking);
        if (clearText !== undefined)
            log.warning(clearText);
        // Before anything runs, so that no later log line can show the token.
        const note = gitlabPublisher(gitlab, settings, log);
        const mlflow = {
            commands: echoingCommandRunner(process.stderr),
            env: process.env,
            log,
            mlflowVersion: settings.mlflowVersion
        };
        const cli = mlflowResolver(mlflow);
        const { report } = await runCareLabel(settings, branchContext(values.branch ?? ''), {
            log,
            openStore: location => openStore(location, { env: process.env, notify: log.info }),
            runner: mlflowProjectRunner(mlflow, cli),
            registry: mlflowModelRegistry(cli),
            publisher: cliPublisher(format, settings.outputDir, note),
            charts: vegaCharts,
            outputs: NO_OUTPUTS
        });
        if (format !== 'text')
            log.info(`Report: ${external_node_path_default().join(settings.outputDir, 'report.md')}`);
        return report.verdict === 'fail' && settings.failOnRegression ? 1 : 0;
    }
    catch (error) {
        log.error(describeFailure(error, CLI_SURFACE).message);
        return 2;
    }
}
/** A run recorded with --branch is a push to that branch, so later runs find it. */
function branchContext(branch) {
    // GitLab names the default branch; there, a run on it can register its model (`register:`).
    const defaultBranch = process.env['CI_DEFAULT_BRANCH'];
    return readRunContext({
        // A scheduled GitLab pipeline is no push: it registers no model (`register:`).
        GITHUB_EVENT_NAME: branch
            ? process.env['CI_PIPELINE_SOURCE'] === 'schedule'
                ? 'schedule'
                : 'push'
            : 'local',
        GITHUB_REF: branch ? `refs/heads/${branch}` : '',
        GITHUB_REF_NAME: branch
    }, defaultBranch ? { repository: { default_branch: defaultBranch } } : {});
}
/**
 * The flags as the action inputs they stand for. In GitLab CI the job's name tells one job's
 * note from another's, as workflow/job does on GitHub.
 */
function inputsFrom(values, gitlab) {
    const jobName = gitlab.kind === 'note' ? gitlab.target.jobName : '';
    return {
        project: values.project ?? '',
        'entry-point': values['entry-point'] ?? '',
        parameters: (values.param ?? []).join('\n'),
        'env-manager': values['env-manager'] ?? '',
        backend: values.backend ?? '',
        'backend-config': values['backend-config'] ?? '',
        'wait-timeout-minutes': values['wait-timeout-minutes'] ?? '',
        'experiment-name': values['experiment-name'] ?? '',
        'run-name': values['run-name'] ?? '',
        'tracking-uri': values['tracking-uri'] ?? '',
        config: values.config ?? '',
        'run-id': values['run-id'] ?? '',
        'baseline-run-id': values['baseline-run-id'] ?? '',
        'baseline-branch': values['baseline-branch'] ?? '',
        'fail-on-regression': values['no-fail'] ? 'false' : 'true',
        'output-dir': values['output-dir'] ?? external_node_path_default().join('out', 'care-label'),
        comment: values.comment ?? '',
        'report-key': values['report-key'] ?? jobName,
        tests: values.tests ?? ''
    };
}
/** A terminal has no step outputs: the report's files are where the log says. */
const NO_OUTPUTS = { set: () => undefined };
function parseFlags(argv) {
    return (0,external_node_util_.parseArgs)({
        args: argv,
        options: {
            project: { type: 'string' },
            'entry-point': { type: 'string' },
            param: { type: 'string', short: 'P', multiple: true },
            'env-manager': { type: 'string' },
            backend: { type: 'string' },
            'backend-config': { type: 'string' },
            'wait-timeout-minutes': { type: 'string' },
            'experiment-name': { type: 'string' },
            'run-name': { type: 'string' },
            'tracking-uri': { type: 'string' },
            config: { type: 'string' },
            'run-id': { type: 'string' },
            'baseline-run-id': { type: 'string' },
            'baseline-branch': { type: 'string' },
            branch: { type: 'string' },
            'output-dir': { type: 'string' },
            'no-fail': { type: 'boolean' },
            format: { type: 'string' },
            comment: { type: 'string' },
            'report-key': { type: 'string' },
            tests: { type: 'string' },
            verbose: { type: 'boolean' },
            help: { type: 'boolean', short: 'h' }
        },
        strict: true,
        allowPositionals: false
    }).values;
}


/***/ })

};
