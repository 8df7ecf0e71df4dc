import { parseAst, type Plugin } from 'vite';

/** Where the files sit, whatever the path separator. */
const UTIL = /node-forge[\\/]lib[\\/]util\.js$/;
const FORGE_MODULE = /node-forge[\\/]lib[\\/][\w.-]+\.js$/;
const FRAME_SOURCE = /[\\/]src[\\/](?:frame|shared)[\\/][^?]*\.tsx?$/;

/**
 * Every `forge.util` member that the frame's code and the forge modules it bundles call.
 * The build checks the list both ways: a call to a member not named here fails it, and so
 * does a name here that nothing calls any more.
 */
const CALLED = [
  'ByteBuffer',
  'bytesToHex',
  'createBuffer',
  'decode64',
  'decodeUtf8',
  'encode64',
  'encodeUtf8',
  'fillString',
  'hexToBytes',
  'isArray',
  'xorBytes',
];

/** A `forge.util.x` anywhere, or a bare `util.x` in forge's own modules. */
const FORGE_UTIL_CALL = /\bforge\.util\.(\w+)/g;
const UTIL_CALL = /(?<![\w$.])util\.(\w+)/g;

type Node = ReturnType<typeof parseAst>['body'][number];
type Statement = { node: Node; defines: string[] };

/**
 * What a top-level statement of util.js defines: `var x`, `function x`, `util.x = …` and
 * `util.x.y… = …` (all of them `x`, one namespace, since util.js names each constructor the
 * same both ways), and every `util.x =` inside its one immediately-called function. Anything
 * else defines nothing and is always kept.
 */
function definitions(code: string, node: Node): string[] {
  if (node.type === 'FunctionDeclaration') return node.id ? [node.id.name] : [];
  if (node.type === 'VariableDeclaration')
    return node.declarations.flatMap((d) => (d.id.type === 'Identifier' ? [d.id.name] : []));
  if (node.type !== 'ExpressionStatement') return [];
  const text = code.slice(node.start, node.end);
  if (node.expression.type === 'CallExpression') return [...text.matchAll(/(?<![\w$.])util\.(\w+)\s*=(?!=)/g)].map((m) => m[1]!);
  if (node.expression.type !== 'AssignmentExpression') return [];
  return [/^util\.(\w+)/.exec(text)?.[1]].filter((name): name is string => name !== undefined);
}

/**
 * The names a statement uses: each identifier, and each `util.x`; not a property read
 * off anything else, an object literal's key, or a word in a comment.
 */
function namesUsed(root: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown> & { type?: string };
    if (node.type === 'Identifier') names.add(node.name as string);
    if (node.type === 'MemberExpression' && !node.computed) {
      const object = node.object as { type: string; name?: string };
      if (object.type === 'Identifier' && object.name === 'util') names.add((node.property as { name: string }).name);
      return walk(object);
    }
    if (node.type === 'Property' && !node.computed) return walk(node.value);
    for (const [key, child] of Object.entries(node)) if (key !== 'type') walk(child);
  };
  walk(root);
  return names;
}

/**
 * Keeps the statements of util.js that the called members reach, following names; cuts the
 * rest, and says which names went. Exported for its test.
 */
export function cutUnreached(code: string, called: readonly string[] = CALLED): { code: string; cut: string[] } {
  const statements: Statement[] = parseAst(code, { lang: 'js', sourceType: 'script' }).body.map((node) => ({
    node,
    defines: definitions(code, node),
  }));
  const defined = new Set(statements.flatMap((s) => s.defines));
  const missing = called.filter((name) => !defined.has(name));
  if (missing.length) throw new Error(`util.js no longer defines ${missing.join(', ')}`);

  const reached = new Set<string>();
  const reach = (name: string) => {
    if (!defined.has(name) || reached.has(name)) return;
    reached.add(name);
    for (const s of statements) if (s.defines.includes(name)) visit(s);
  };
  const visit = (s: Statement) => namesUsed(s.node).forEach(reach);
  for (const s of statements) if (s.defines.length === 0) visit(s);
  reach('util');
  for (const name of called) reach(name);

  let out = code;
  const cut = new Set<string>();
  for (const s of [...statements].reverse()) {
    if (s.defines.length === 0 || s.defines.some((name) => reached.has(name))) continue;
    s.defines.forEach((name) => cut.add(name));
    out = `${out.slice(0, s.node.start)}${out.slice(s.node.end)}`;
  }
  return { code: out, cut: [...cut].sort() };
}

/**
 * node-forge's util.js hangs ≈ 60 helpers on one object (a second buffer type, base58 and
 * baseN codecs, storage, IP and number formatting, a core counter that starts a worker…),
 * and requires baseN.js for two of them, so no bundler can drop what the frame never calls.
 * This keeps the statements that the called members reach, by name, and cuts the rest:
 * ≈ 4 KB gzip of the frame's chunks, with baseN.js. A cut member is undefined, and a call to
 * it throws: it fails closed.
 *
 * The frame's build only: unit tests load node-forge through Node, whole, and the e2e suite
 * opens real envelopes with the built frame. The build fails if CALLED misses a member
 * something calls, names one nothing calls, or names one util.js no longer defines.
 */
export function forgeUtilUsedOnly(): Plugin {
  const called = new Set<string>();
  let cut = false;
  return {
    name: 'cardveil-forge-util-used-only',
    enforce: 'pre',
    buildStart() {
      called.clear();
      cut = false;
    },
    transform(code, id) {
      if (UTIL.test(id)) {
        try {
          const result = cutUnreached(code);
          cut = true;
          return { code: result.code, map: null };
        } catch (err) {
          this.error(`forge-util-used-only: ${(err as Error).message}; review the plugin`);
        }
      }
      const forgeModule = FORGE_MODULE.test(id);
      if (!forgeModule && !FRAME_SOURCE.test(id)) return null;
      for (const m of code.matchAll(FORGE_UTIL_CALL)) called.add(m[1]!);
      if (forgeModule) for (const m of code.matchAll(UTIL_CALL)) called.add(m[1]!);
      return null;
    },
    buildEnd(error) {
      if (error || !cut) return;
      const unlisted = [...called].filter((name) => !CALLED.includes(name));
      const uncalled = CALLED.filter((name) => !called.has(name));
      if (unlisted.length) this.error(`forge-util-used-only: ${unlisted.join(', ')} called but not in CALLED; add them`);
      if (uncalled.length) this.error(`forge-util-used-only: nothing calls ${uncalled.join(', ')} any more; remove them`);
    },
  };
}
