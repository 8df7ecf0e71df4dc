import { describe, expect, it } from 'vitest';
import { applyAppearanceUpdate, checkAppearance, FONT_NAMES, FONT_STACKS } from './appearance.js';

const accepted: unknown[] = [
  undefined,
  {},
  { theme: 'light' },
  { theme: 'dark' },
  { theme: 'auto' },
  { colorText: '#123' },
  { colorText: '#1234' },
  { colorBackground: '#1a1f36' },
  { colorAccent: '#1A1F36CC' },
  ...FONT_NAMES.map((fontFamily) => ({ fontFamily })),
  { fontSize: 12 },
  { fontSize: 22 },
  { fontSize: 14.5 },
  { radius: 0 },
  { radius: 24 },
  { spacing: 4 },
  { spacing: 24 },
  {
    theme: 'dark',
    colorText: '#fff',
    colorBackground: '#000',
    colorAccent: '#0af',
    fontFamily: 'mono',
    fontSize: 16,
    radius: 8,
    spacing: 12,
  },
];

const refused: [string, unknown][] = [
  ['a url( value', { colorBackground: 'url(https://evil.example/pixel.png)' }],
  ['an @import', { fontFamily: '@import url(https://evil.example/font.css)' }],
  ['an unknown key', { backgroundImage: 'none' }],
  ['a raw CSS key', { css: 'body { display: none }' }],
  ['a __proto__ key', JSON.parse('{"__proto__": {"theme": "dark"}}')],
  ['a constructor key', { constructor: 'x' }],
  ['a color with a trailing declaration', { colorText: '#fff; background: url(x)' }],
  ['a named color', { colorText: 'red' }],
  ['an rgb() color', { colorText: 'rgb(0,0,0)' }],
  ['a 5-digit hex color', { colorText: '#12345' }],
  ['a font stack instead of a font name', { fontFamily: 'Arial, sans-serif' }],
  ['an inherited property name as a font', { fontFamily: 'toString' }],
  ['an unknown theme', { theme: 'sepia' }],
  ['a font size below the range', { fontSize: 11 }],
  ['a font size above the range', { fontSize: 23 }],
  ['a font size with a unit', { fontSize: '16px' }],
  ['a radius of NaN', { radius: NaN }],
  ['a spacing of Infinity', { spacing: Infinity }],
  ['a negative radius', { radius: -1 }],
  ['a list', ['theme', 'dark']],
  ['a string', 'theme: dark'],
  ['null', null],
];

describe('checkAppearance', () => {
  it.each(accepted.map((value) => [JSON.stringify(value), value]))('accepts %s', (_, value) => {
    expect(checkAppearance(value)).toBeTypeOf('object');
  });

  it.each(refused)('refuses %s', (_, value) => {
    expect(checkAppearance(value)).toBeTypeOf('string');
  });

  it.each([
    [{ theme: 'dark', colorBackground: 'url(x)' }, 'appearance.colorBackground'],
    [{ unknownToken: 1 }, 'appearance.unknownToken'],
    [{ fontSize: 40 }, 'appearance.fontSize'],
    [{ theme: 'sepia' }, 'appearance.theme'],
    [{ fontFamily: 'Arial' }, 'appearance.fontFamily'],
    ['theme: dark', 'appearance'],
  ])('names what it refuses: %j', (value, name) => {
    expect(checkAppearance(value)).toBe(name);
  });

  // The theme and font rules are patterns built from the names: only a whole name passes.
  it.each([
    ['theme', 'dark', true],
    ['theme', 'Dark', false],
    ['theme', 'dark ', false],
    ['theme', 'darkauto', false],
    ['theme', 'dark|auto', false],
    ['fontFamily', 'mono', true],
    ['fontFamily', 'serif|mono', false],
    ['fontFamily', 'xmono', false],
  ])('takes %s %j only if it is a whole name: %s', (token, name, passes) => {
    expect(typeof checkAppearance({ [token]: name })).toBe(passes ? 'object' : 'string');
  });

  it('takes null for a known token (back to the default), and for nothing else', () => {
    expect(checkAppearance({ theme: null, radius: null, colorAccent: '#4f46e5' })).toEqual({
      theme: null,
      radius: null,
      colorAccent: '#4f46e5',
    });
    expect(checkAppearance({ css: null })).toBe('appearance.css');
    expect(checkAppearance({ ['__proto__']: null })).toBe('appearance.__proto__');
  });

  it('applies an update: tokens set, nulls gone, the rest kept', () => {
    expect(applyAppearanceUpdate({ theme: 'dark', radius: 4 }, { theme: null, spacing: 8 })).toEqual({ radius: 4, spacing: 8 });
  });

  it('returns a copy of what it checked, so later changes to the caller’s object do not count', () => {
    const appearance = { theme: 'dark' };
    const checked = checkAppearance(appearance);
    appearance.theme = 'url(x)';
    expect(checked).toEqual({ theme: 'dark' });
    expect(checkAppearance(undefined)).toEqual({});
  });

  it('has a stack for every font name it accepts, and no other', () => {
    expect(Object.keys(FONT_STACKS)).toEqual([...FONT_NAMES]);
  });
});
