/**
 * Two of cdktf's hot spots, given a fast path that writes the same bytes. scripts/run-app.cjs applies them to the
 * bundle it runs; __tests__/cdktf-fast-paths.test.ts holds each to the code it shortcuts.
 *
 * - `resolve` (cdktf lib/tokens/private/resolve.js): cdktf resolves every value of a stack three times per synth
 *   (lib/terraform-stack.js `prepareStack` and `toTerraform`: each element while preparing, each element, the whole
 *   stack), and on every value, token or not, it builds a resolution context (two closures and an options copy), joins
 *   the path so far into a string and runs three regular expressions. The fast path returns at once what that code
 *   would return unchanged: a string without a token marker or a token number's text, a number that encodes no token,
 *   a boolean, undefined; it walks arrays and plain objects itself, and hands everything else (tokens, strings with
 *   markers, Dates, constructs, objects with a `resolve` method, map-token keys, paths as deep as cdktf allows) to
 *   cdktf's own code, with the path and context flags cdktf would have given it.
 * - `json-stable-stringify` 1.3.0 (cdktf lib/synthesize/synthesizer.js writes each stack's JSON with it,
 *   `{ space: 2 }`): it sorts keys and indents through call-bound array methods and rebuilds each indent by repeated
 *   concatenation. The fast path is the same algorithm, for `{ space: 2 }` only (any other options take the original).
 *
 * Each applies only to the exact text it was written against (cdktf 0.21.0; cdktn 0.24.0's resolve.js is the same),
 * and otherwise leaves the file as it is: another version runs unpatched, as fast as it is. CDKTF_TALOS_FAST_PATHS=0
 * turns both off at run time.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');
/** A file's text without its inline source map (cdktn's differs in it for the same code). */
const code = (text) => text.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, '\n');

/** resolve.js as cdktf 0.21.0 and cdktn 0.24.0 ship it, without the source map. */
const RESOLVE_SHA256 = 'f7caa184304b2e7fabe5a660d16503a99e8793992eec091850e8a9cf0c5b7ff3';
/** What the fast path takes from encoding.js: the token markers and the pattern of a token number's text. */
const ENCODING_FACTS = [
  'exports.BEGIN_STRING_TOKEN_MARKER = "${TfToken[";',
  'exports.BEGIN_LIST_TOKEN_MARKER = "#{TfToken[";',
  'exports.BEGIN_MAP_TOKEN_MARKER = "&{TfToken[";',
  'const NUMBER_TOKEN_REGEX = new RegExp("[-|\\\\d|.\\\\+]+(e[-|\\\\d|.|e|E|\\\\+]+)", "g");',
  'exports.extractTokenDouble = extractTokenDouble;',
];
/** json-stable-stringify 1.3.0's index.js. */
const STRINGIFY_SHA256 = '53e378723c97a3bd67d6e3d2ae586056a7a884dd01b88a62ea5e0f2bbf5bf56f';

const RESOLVE_FAST_PATH = String.raw`
// cdktf-talos: the fast path of scripts/cdktf-fast-paths.cjs. cdktf's resolve above is talosResolveSlow; the name
// resolve (exported, and called by it for every nested value) is this function.
const talosFastPaths = process.env.CDKTF_TALOS_FAST_PATHS !== "0";
// NUMBER_TOKEN_REGEX of encoding.js, without its global flag (test() on a global pattern moves lastIndex).
const talosNumberTokenText = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/;
/** True when cdktf's resolve would return the string unchanged: no token marker, no token number's text. */
function talosPlainString(s) {
    return s.indexOf("{TfToken[") === -1 &&
        s !== token_1.Token.STRING_MAP_TOKEN_VALUE &&
        s !== token_1.Token.ANY_MAP_TOKEN_VALUE &&
        !talosNumberTokenText.test(s);
}
/** True when cdktf's resolve would return the number unchanged. */
function talosPlainNumber(n) {
    return n !== token_1.Token.NUMBER_MAP_TOKEN_VALUE && (0, encoding_1.extractTokenDouble)(n, false) === undefined;
}
/**
 * cdktf's makeContext(appendPath)[0].resolve(x), as talosResolveSlow would call it: the child's options are the
 * parent's with the path one longer, and a previous context carrying the four flags resolve.js reads from it (the only
 * reader of previousContext in cdktf). Those flags are the parent's previous context's; one made here is never handed
 * to anything that could change it, so a child reuses its parent's. (cdktf's own contexts are copied, as cdktf does:
 * no cdktf code changes one while a value below it resolves, so reusing those too would write the same JSON, but a
 * token of someone else's could.)
 */
const talosFlags = new WeakSet();
function talosResolveChild(x, options, prefix, appendPath) {
    const previous = options.previousContext;
    let flags = previous;
    if (flags === undefined || !talosFlags.has(flags)) {
        flags = {
            suppressBraces: previous?.suppressBraces,
            ignoreEscapes: previous?.ignoreEscapes,
            warnEscapes: previous?.warnEscapes,
            iteratorContext: previous?.iteratorContext,
        };
        talosFlags.add(flags);
    }
    return resolve(x, { ...options, prefix: prefix.concat([appendPath]), previousContext: flags });
}
function resolve(obj, options) {
    if (!talosFastPaths) return talosResolveSlow(obj, options);
    const prefix = options.prefix || [];
    // At cdktf's depth limit a value is cdktf's: it refuses the children of this one, leaves included.
    if (prefix.length >= 200) return talosResolveSlow(obj, options);
    switch (typeof obj) {
        case "undefined":
        case "boolean":
            return obj;
        case "string":
            return talosPlainString(obj) ? obj : talosResolveSlow(obj, options);
        case "number":
            return talosPlainNumber(obj) ? obj : talosResolveSlow(obj, options);
        case "object":
            break;
        default:
            return talosResolveSlow(obj, options);
    }
    if (obj === null) return null;
    if (Array.isArray(obj)) {
        // cdktf reads a list token from any string or number element; such lists, and lists with a token element,
        // are cdktf's to resolve.
        for (let i = 0; i < obj.length; i++) {
            const x = obj[i];
            if (typeof x === "string" ? !talosPlainString(x)
                : typeof x === "number" && (!talosPlainNumber(x) || (0, encoding_1.extractTokenDouble)(x, true) !== undefined)) {
                return talosResolveSlow(obj, options);
            }
        }
        // cdktf maps and drops undefined results: a hole, read as undefined here, is dropped alike.
        const arr = [];
        for (let i = 0; i < obj.length; i++) {
            const x = obj[i];
            const t = typeof x;
            const value = t === "string" || t === "number" || t === "boolean" || t === "undefined"
                ? x : talosResolveChild(x, options, prefix, String(i));
            if (typeof value !== "undefined") arr.push(value);
        }
        return arr;
    }
    if (obj instanceof Date || typeof obj.resolve === "function" || isConstruct(obj)) {
        return talosResolveSlow(obj, options);
    }
    const keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        if (!talosPlainString(keys[i])) return talosResolveSlow(obj, options);
    }
    const result = {};
    for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const x = obj[key];
        const t = typeof x;
        let value;
        if (t === "string") value = talosPlainString(x) ? x : talosResolveChild(x, options, prefix, key);
        else if (t === "number") value = talosPlainNumber(x) ? x : talosResolveChild(x, options, prefix, key);
        else if (t === "boolean" || t === "undefined") value = x;
        else value = talosResolveChild(x, options, prefix, key);
        if (typeof value === "undefined") continue;
        result[key] = value;
    }
    return result;
}
`;

const STRINGIFY_FAST_PATH = String.raw`
// cdktf-talos: the fast path of scripts/cdktf-fast-paths.cjs, for the options cdktf passes ({ space: 2 }).
const talosOriginalStringify = module.exports;
const talosIndents = ["\n"];
const talosIndent = (level) => {
    while (talosIndents.length <= level) talosIndents.push(talosIndents[talosIndents.length - 1] + "  ");
    return talosIndents[level];
};
function talosStableStringify(obj) {
    const seen = [];
    const write = (node, level) => {
        if (node && node.toJSON && typeof node.toJSON === "function") node = node.toJSON();
        if (node === undefined) return undefined;
        if (typeof node !== "object" || node === null) return jsonStringify(node);
        const indent = talosIndent(level);
        const inner = indent + "  ";
        let out = "";
        if (isArray(node)) {
            for (let i = 0; i < node.length; i++) {
                out += (i === 0 ? "" : ",") + inner + (write(node[i], level + 1) || "null");
            }
            return "[" + out + indent + "]";
        }
        if (seen.indexOf(node) !== -1) throw new TypeError("Converting circular structure to JSON");
        seen.push(node);
        const keys = objectKeys(node).sort();
        let first = true;
        for (let i = 0; i < keys.length; i++) {
            const value = write(node[keys[i]], level + 1);
            if (!value) continue;
            out += (first ? "" : ",") + inner + jsonStringify(keys[i]) + ": " + value;
            first = false;
        }
        seen.splice(seen.indexOf(node), 1);
        return "{" + out + indent + "}";
    };
    return write(obj, 0);
}
module.exports = function stableStringify(obj, opts) {
    // Exactly what cdktf passes: two spaces, and none of the options the original reads besides (own or inherited).
    if (process.env.CDKTF_TALOS_FAST_PATHS !== "0" && arguments.length === 2 && opts !== null && typeof opts === "object"
        && opts.space === 2 && opts.replacer === undefined && opts.cmp === undefined && opts.cycles === undefined
        && opts.collapseEmpty === undefined) {
        return talosStableStringify(obj);
    }
    return talosOriginalStringify.apply(this, arguments);
};
`;

/**
 * resolve.js with the fast path, or undefined when the file (or the encoding it relies on) is not the one it was
 * written for.
 */
function patchResolve(text, encodingText) {
  if (sha256(code(text)) !== RESOLVE_SHA256) return undefined;
  if (!ENCODING_FACTS.every((line) => encodingText.split('\n').includes(line))) return undefined;
  const head = 'function resolve(obj, options) {';
  if (text.split(head).length !== 2) return undefined;
  return `${text.replace(head, 'function talosResolveSlow(obj, options) {')}\n${RESOLVE_FAST_PATH}`;
}

/** json-stable-stringify's index.js with the fast path, or undefined when it is not version 1.3.0's. */
function patchStableStringify(text) {
  if (sha256(text) !== STRINGIFY_SHA256) return undefined;
  return `${text}\n${STRINGIFY_FAST_PATH}`;
}

/** The esbuild plugin run-app.cjs bundles with. */
const plugin = {
  name: 'cdktf-fast-paths',
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]resolve\.js$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      const patched = patchResolve(text, fs.readFileSync(path.join(path.dirname(args.path), 'encoding.js'), 'utf8'));
      return patched === undefined ? undefined : { contents: patched, loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]json-stable-stringify[\\/]index\.js$/ }, (args) => {
      const patched = patchStableStringify(fs.readFileSync(args.path, 'utf8'));
      return patched === undefined ? undefined : { contents: patched, loader: 'js' };
    });
  },
};

module.exports = { patchResolve, patchStableStringify, plugin };
