/**
 * IAM wildcards: `*` matches any run of characters (colons and slashes included, which is how IAM
 * matches ARNs: `arn:aws:logs:*:*:*` covers log streams), `?` exactly one. Resources compare
 * case-sensitively, actions case-insensitively (callers lower-case actions first). One more token,
 * never written in policies: `SEGMENT` stands for a catalog name that cannot contain `/` (an S3
 * bucket name), so object patterns do not fit bucket types.
 */

/** A run of characters without `/`: only ARN formats built from the catalog contain it. */
export const SEGMENT = '\u0001';

function isRun(c: string | undefined): boolean {
  return c === '*' || c === SEGMENT;
}

const regexCache = new Map<string, RegExp>();

function toRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) =>
        c === '*'
          ? '.*'
          : c === SEGMENT
            ? '[^/]*'
            : c === '?'
              ? '.'
              : c.replace(/[\\^$.+()[\]{}|/-]/g, '\\$&'),
      )
      .join('');
    re = new RegExp(`^${body}$`, 's');
    // Patterns come from a bounded set of policy documents; the cap only guards odd inputs.
    if (regexCache.size > 50_000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** Does the glob `pattern` match the literal `value`? */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?') && !pattern.includes(SEGMENT))
    return pattern === value;
  return toRegex(pattern).test(value);
}

/**
 * Is every string `inner` matches also matched by `outer`? Sound: a `true` is always right. A
 * `*` of `inner` can only be absorbed by a `*` of `outer`, and a `?` by a `?` or a `*`. That misses
 * a few exotic inclusions (`?*` ⊆ `*?`), which callers then treat as "not covered": the cautious
 * answer both for Deny subtraction (report more) and for the proposal (grant less).
 */
export function globSubset(inner: string, outer: string): boolean {
  if (outer === '*' || inner === outer) return true;
  const memo = new Map<number, boolean>();
  const width = outer.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (j === outer.length) result = i === inner.length;
    else if (outer[j] === '*') result = go(i, j + 1) || (i < inner.length && go(i + 1, j));
    else if (outer[j] === SEGMENT) {
      // Absorbs a literal other than `/`, or another no-slash run; never `?` or `*` (they may be `/`).
      const c = inner[i];
      result =
        go(i, j + 1) ||
        (i < inner.length && (c === SEGMENT || (c !== '*' && c !== '?' && c !== '/')) && go(i + 1, j));
    } else if (i === inner.length) result = false;
    else if (isRun(inner[i])) result = false;
    else if (outer[j] === '?') result = go(i + 1, j + 1);
    else result = inner[i] === outer[j] && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Is there a string both globs match? Exact for `*` and `?`. */
export function globIntersects(a: string, b: string): boolean {
  if (a === '*' || b === '*' || a === b) return true;
  const memo = new Map<number, boolean>();
  const width = b.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (i < a.length && isRun(a[i]))
      result = go(i + 1, j) || (j < b.length && (a[i] === '*' || b[j] !== '/') && go(i, j + 1));
    else if (j < b.length && isRun(b[j]))
      result = go(i, j + 1) || (i < a.length && (b[j] === '*' || a[i] !== '/') && go(i + 1, j));
    else if (i === a.length || j === b.length) result = false;
    else result = (a[i] === '?' || b[j] === '?' || a[i] === b[j]) && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
