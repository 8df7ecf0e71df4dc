import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { cutUnreached, forgeUtilUsedOnly, utilCalls } from './forge-util-used-only.js';

const UTIL_PATH = createRequire(import.meta.url).resolve('node-forge/lib/util.js');
const UTIL_SOURCE = readFileSync(UTIL_PATH, 'utf8');

type Util = Record<string, unknown> & {
  createBuffer(input?: string): { getBytes(): string; putBytes(b: string): unknown; length(): number };
  encode64(s: string): string;
  decode64(s: string): string;
  encodeUtf8(s: string): string;
  decodeUtf8(s: string): string;
  bytesToHex(s: string): string;
  hexToBytes(s: string): string;
  xorBytes(a: string, b: string, n: number): string;
  fillString(c: string, n: number): string;
  isArray(x: unknown): boolean;
};

/** Runs util.js as the bundle would, with only forge.js to require: baseN.js must not be asked for. */
function load(code: string): { util: Util; required: string[] } {
  const required: string[] = [];
  const forge = {};
  const module = { exports: {} };
  const require = (id: string) => {
    required.push(id);
    if (id === './forge') return forge;
    throw new Error(`util.js required ${id}`);
  };
  runInNewContext(code, { module, require, Uint8Array, ArrayBuffer, String, Array, Object, Error, Math });
  return { util: module.exports as Util, required };
}

describe('forge-util-used-only', () => {
  const { code, cut } = cutUnreached(UTIL_SOURCE);

  it('keeps every member the frame calls, working as in the whole file', () => {
    const { util, required } = load(code);
    expect(required).toEqual(['./forge']);
    const bytes = '\u0000\u00ff\u0010card';
    expect(util.decode64(util.encode64(bytes))).toBe(bytes);
    expect(util.encode64('\u00fb\u00ff')).toBe('+/8=');
    expect(util.decodeUtf8(util.encodeUtf8('卡 4111'))).toBe('卡 4111');
    expect(util.bytesToHex('\u0001\u00ab')).toBe('01ab');
    expect(util.hexToBytes('01ab')).toBe('\u0001\u00ab');
    expect(util.xorBytes('\u000f\u00f0', '\u00ff\u00ff', 2)).toBe('\u00f0\u000f');
    expect(util.fillString('\u0000', 3)).toBe('\u0000\u0000\u0000');
    expect(util.isArray([])).toBe(true);
    const buffer = util.createBuffer('ab');
    buffer.putBytes('cd');
    expect([buffer.length(), buffer.getBytes()]).toEqual([4, 'abcd']);
    expect(util.createBuffer()).toBeInstanceOf(util.ByteBuffer as new () => unknown);
  });

  it('cuts what the frame never calls, baseN.js with it', () => {
    const { util } = load(code);
    const members = ['DataBuffer', 'binary', 'text', 'estimateCores', 'setItem', 'bytesFromIP', 'deflate', 'format'];
    expect(cut).toEqual(expect.arrayContaining([...members, 'baseN']));
    for (const name of members) expect(util[name]).toBeUndefined();
  });

  it('refuses a util.js that no longer defines a member the frame calls', () => {
    const renamed = UTIL_SOURCE.replace(/^util\.xorBytes = /m, 'util.xorBytesRenamed = ');
    expect(() => cutUnreached(renamed)).toThrow('util.js no longer defines xorBytes');
  });

  it('keeps what a kept member uses, though a comment or another object names a cut one', () => {
    const source = [
      "var forge = require('./forge');",
      'var util = module.exports = forge.util = {};',
      'function helper() { return 1; }',
      'util.kept = function() { /* util.dropped */ return helper() + other.dropped; };',
      'util.dropped = function() { return 2; };',
    ].join('\n');
    const { util } = load(cutUnreached(source, ['kept']).code.replace('other.dropped', '0'));
    expect((util.kept as () => number)()).toBe(1);
    expect(util.dropped).toBeUndefined();
  });

  it('reads calls from the syntax: a comment calls nothing, an alias or a computed member is loose', () => {
    const read = (code: string) => {
      const { members, loose } = utilCalls(code, 'ts');
      return { members: [...members].sort(), loose };
    };
    expect(read('// forge.util.decode64\nconst a: string = forge.util.encode64(forge.util.createBuffer().bytes());')).toEqual({
      members: ['createBuffer', 'encode64'],
      loose: false,
    });
    expect(read('const u = forge.util;').loose).toBe(true);
    expect(read("forge.util['decode64']('');").loose).toBe(true);
    expect(read('const { decode64 } = forge.util;').loose).toBe(true);
  });
});

describe('forge-util-used-only, as the build runs it', () => {
  const FORGE = '/x/node_modules/node-forge/lib/';
  /** Runs the plugin's hooks over `modules` (id → code) as a build would; its first error, if any. */
  function build(modules: Record<string, string>, listed: string[]): string | null {
    const plugin = forgeUtilUsedOnly(listed);
    const ctx = {
      error(message: string): never {
        throw new Error(message);
      },
    };
    const hook =
      <A extends unknown[]>(h: unknown) =>
      (...args: A) =>
        (h as (...a: A) => unknown).apply(ctx, args);
    try {
      hook(plugin.buildStart)();
      for (const [id, code] of Object.entries(modules)) hook<[string, string]>(plugin.transform)(code, id);
      hook<[undefined]>(plugin.buildEnd)(undefined);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }
  const util = { [`${FORGE}util.js`]: UTIL_SOURCE };
  const frame = (code: string) => ({ '/repo/src/frame/crypto/x.ts': code });

  it('passes when what is called is what is listed', () => {
    expect(build({ ...util, ...frame('forge.util.xorBytes(a, b, 1);') }, ['xorBytes'])).toBeNull();
  });

  it('fails on a call to a member not listed, and on a listed member nothing calls', () => {
    expect(build({ ...util, ...frame('forge.util.xorBytes(a, b, 1); forge.util.int32ToBytes(1);') }, ['xorBytes'])).toContain(
      'int32ToBytes called but not in CALLED',
    );
    expect(build({ ...util, ...frame('forge.util.xorBytes(a, b, 1);') }, ['xorBytes', 'isArray'])).toContain(
      'nothing calls isArray any more',
    );
  });

  it('fails on forge.util used in a way that hides what is called', () => {
    expect(build({ ...util, ...frame('const u = forge.util; u.int32ToBytes(1);') }, [])).toContain('uses forge.util other than');
  });

  it('fails when forge is bundled but util.js never passes through it', () => {
    expect(build({ [`${FORGE}aes.js`]: 'forge.util.isArray([]);' }, ['isArray'])).toContain('util.js never passed here');
  });
});
