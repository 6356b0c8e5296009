import { describe, expect, it } from 'vitest';
import { HeldWhileUnitsLeft } from '../src/scan-held.js';

describe('HeldWhileUnitsLeft', () => {
  const units: Record<string, number> = { a: 2, b: 1 };
  const counting = () => {
    const made: string[] = [];
    const held = new HeldWhileUnitsLeft<string, { key: string; n: number }>(
      (key) => units[key] ?? 0,
      (key) => {
        made.push(key);
        return { key, n: made.length };
      },
    );
    return { made, held };
  };

  it('makes a key’s value once and shares it among its units', () => {
    const { made, held } = counting();
    expect(held.get('a')).toBe(held.get('a'));
    expect(made).toEqual(['a']);
  });

  it('releases a key’s value after its last unit, not before, and leaves other keys held', () => {
    const { made, held } = counting();
    const first = held.get('a');
    held.get('b');
    held.unitDone('a');
    expect(held.size).toBe(2);
    expect(held.get('a')).toBe(first);
    held.unitDone('a');
    expect(held.size).toBe(1);
    // Asked again (a unit run once more): made anew rather than kept for the whole scan.
    expect(held.get('a')).not.toBe(first);
    expect(made).toEqual(['a', 'b', 'a']);
  });

  it('ignores a unit done for a key with nothing held', () => {
    const { held } = counting();
    held.unitDone('b');
    expect(held.size).toBe(0);
    expect(held.get('b').key).toBe('b');
  });

  it('hands a released value over once, after its key’s last unit', () => {
    const released: string[] = [];
    const held = new HeldWhileUnitsLeft<string, string>(
      (key) => units[key] ?? 0,
      (key) => `${key}-value`,
      (key, value) => released.push(`${key}:${value}`),
    );
    held.get('a');
    held.get('b');
    held.unitDone('a');
    expect(released).toEqual([]);
    held.unitDone('b');
    held.unitDone('a');
    held.unitDone('a');
    expect(released).toEqual(['b:b-value', 'a:a-value']);
  });
});
