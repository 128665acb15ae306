// Exact arithmetic on decimal strings, for the what-if page's differences and
// sums: "123.45" is read as the integer 12345n at scale 2, never as a binary
// float, so "0.1" + "0.2" is exactly "0.3" and a difference of two amounts
// of the currency's scale keeps that scale to the cent.

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** "-12.50" -> {units: -1250n, scale: 2}; null for text that is not a plain decimal. */
export function parseDecimal(text) {
  const m = DECIMAL.exec(String(text).trim());
  if (!m) return null;
  const [, sign, whole, fraction = ""] = m;
  const digits = BigInt(whole + fraction);
  return { units: sign === "-" ? -digits : digits, scale: fraction.length };
}

/** The integer `units` at `scale` written as a decimal string: (1250n, 2) -> "12.50". */
export function formatDecimal(units, scale) {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  if (scale > 0) digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${digits}` : digits;
}

function atScale(d, scale) {
  return d.units * 10n ** BigInt(scale - d.scale);
}

function must(text) {
  const d = parseDecimal(text);
  if (d === null) throw new TypeError(`not a decimal: ${JSON.stringify(text)}`);
  return d;
}

/** a − b, exactly, at the larger of the two scales ("10.00" − "2.5" = "7.50"). */
export function subtract(a, b) {
  const [x, y] = [must(a), must(b)];
  const scale = Math.max(x.scale, y.scale);
  return formatDecimal(atScale(x, scale) - atScale(y, scale), scale);
}

/** The exact sum of decimal strings at the largest of their scales; null if one is not a decimal. */
export function sum(texts) {
  const ds = texts.map(parseDecimal);
  if (ds.some((d) => d === null)) return null;
  const scale = Math.max(0, ...ds.map((d) => d.scale));
  return formatDecimal(ds.reduce((acc, d) => acc + atScale(d, scale), 0n), scale);
}

/** -1, 0 or 1 as the decimal string is negative, zero or positive. */
export function sign(text) {
  const { units } = must(text);
  return units < 0n ? -1 : units > 0n ? 1 : 0;
}

/** True when two decimal strings are the same number ("1" and "1.000"). */
export function sameNumber(a, b) {
  return sign(subtract(a, b)) === 0;
}

/** A difference as shown: "+12.50" for a gain, "-3.00" for a loss, "0.00" unchanged. */
export function signed(text) {
  return sign(text) > 0 ? `+${text}` : text;
}
