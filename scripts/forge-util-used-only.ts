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

type Node = ReturnType<typeof parseAst>['body'][number];
type AnyNode = Record<string, unknown> & { type?: string };
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
    const node = value as AnyNode;
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

const isNamed = (node: unknown, name: string) => (node as AnyNode).type === 'Identifier' && (node as AnyNode).name === name;
const isPlainMember = (node: AnyNode, object: (o: unknown) => boolean) =>
  node.type === 'MemberExpression' && !node.computed && object(node.object) && (node.property as AnyNode).type === 'Identifier';
const isForgeUtil = (node: unknown) =>
  isPlainMember(node as AnyNode, (o) => isNamed(o, 'forge')) && isNamed((node as AnyNode).property, 'util');

/**
 * The members a module reads off `forge.util`, from its syntax (a comment names nothing), and
 * whether it uses `forge.util` any other way (an alias, a computed member, the object passed
 * on), which would hide what it calls.
 */
export function utilCalls(code: string, lang: 'js' | 'ts' | 'tsx'): { members: Set<string>; loose: boolean } {
  const members = new Set<string>();
  let loose = false;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const node = value as AnyNode;
    if (isPlainMember(node, isForgeUtil)) {
      members.add((node.property as AnyNode).name as string);
      return;
    }
    if (isForgeUtil(node)) loose = true;
    for (const [key, child] of Object.entries(node)) if (key !== 'type') walk(child);
  };
  walk(parseAst(code, { lang, sourceType: lang === 'js' ? 'script' : 'module' }));
  return { members, loose };
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
 * something calls, names one nothing calls, or names one util.js no longer defines; if code
 * uses forge.util in a way that hides what it calls; or if forge is bundled and util.js
 * never passes here.
 */
export function forgeUtilUsedOnly(listed: readonly string[] = CALLED): Plugin {
  const seen = new Set<string>();
  let sawForge = false;
  let cut = false;
  return {
    name: 'cardveil-forge-util-used-only',
    enforce: 'pre',
    buildStart() {
      seen.clear();
      sawForge = false;
      cut = false;
    },
    transform(code, id) {
      if (UTIL.test(id)) {
        try {
          const result = cutUnreached(code, listed);
          cut = true;
          return { code: result.code, map: null };
        } catch (err) {
          this.error(`forge-util-used-only: ${(err as Error).message}; review the plugin`);
        }
      }
      const forgeModule = FORGE_MODULE.test(id);
      if (!forgeModule && !FRAME_SOURCE.test(id)) return null;
      sawForge ||= forgeModule;
      const { members, loose } = utilCalls(code, forgeModule ? 'js' : id.endsWith('x') ? 'tsx' : 'ts');
      if (loose)
        this.error(`forge-util-used-only: ${id} uses forge.util other than as forge.util.member(…), which hides what it calls`);
      members.forEach((name) => seen.add(name));
      return null;
    },
    buildEnd(error) {
      if (error) return;
      if (sawForge && !cut)
        this.error('forge-util-used-only: node-forge was bundled, but its util.js never passed here; review the plugin');
      if (!cut) return;
      const unlisted = [...seen].filter((name) => !listed.includes(name));
      const uncalled = listed.filter((name) => !seen.has(name));
      if (unlisted.length) this.error(`forge-util-used-only: ${unlisted.join(', ')} called but not in CALLED; add them`);
      if (uncalled.length) this.error(`forge-util-used-only: nothing calls ${uncalled.join(', ')} any more; remove them`);
    },
  };
}
