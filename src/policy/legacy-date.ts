/**
 * IAM's save-time check of Date* condition values ("The policy failed legacy parsing" when it
 * fails). It is looser than ISO-8601 (`01T` passes) and stricter in places (a one-digit zone
 * hour fails); the accepted shapes follow the AWS cases moto recorded in test_iam_policies.py.
 */

const MAX_EPOCH = 9223372036854775807n;

/** True when IAM would accept `value` in a Date condition. */
export function checkLegacyDate(value: string): boolean {
  const lower = value.toLowerCase();
  if (!lower.includes('t') && !value.includes('-')) {
    if (!/^[0-9]+$/.test(value)) return false;
    return BigInt(value) <= MAX_EPOCH;
  }
  return checkIsoLike(lower);
}

function intIn(text: string | undefined, min: number, max: number): boolean {
  if (text === undefined || !/^[+-]?[0-9]+$/.test(text)) return false;
  const n = Number(text);
  return n >= min && n <= max;
}

function checkIsoLike(value: string): boolean {
  const t = value.indexOf('t');
  const datePart = t === -1 ? value : value.slice(0, t);
  const timePart = t === -1 ? '' : value.slice(t + 1);

  const negativeYear = datePart.startsWith('-');
  const dateFields = (negativeYear ? datePart.slice(1) : datePart).split('-');
  if (dateFields.length > 3) return false;
  const year = (negativeYear ? '-' : '') + (dateFields[0] ?? '');
  if (!intIn(year, -292275054, 292278993)) return false;
  if (dateFields.length > 1 && !intIn(dateFields[1], 1, 12)) return false;
  if (dateFields.length > 2 && !intIn(dateFields[2], 1, 31)) return false;

  const timeFields = timePart.split(':');
  if (timeFields[0] !== '' && !intIn(timeFields[0], 0, 23)) return false;
  if (timeFields.length > 1 && !intIn(timeFields[1], 0, 59)) return false;
  if (timeFields.length > 2) return checkSeconds(timeFields.slice(2).join(':'));
  return true;
}

/** Seconds with an optional fraction and an optional `z` or `+hh[:mm]` zone. */
function checkSeconds(text: string): boolean {
  let seconds = text;
  const z = text.indexOf('z');
  const plus = text.indexOf('+');
  if (z !== -1) {
    if (z !== text.length - 1) return false;
    seconds = text.slice(0, z);
  } else if (plus !== -1) {
    seconds = text.slice(0, plus);
    const [hours, minutes] = text.slice(plus + 1).split(/:(.*)/s);
    if (hours?.length !== 2 || !intIn(hours, 0, 23)) return false;
    if (minutes !== undefined && (minutes.length !== 2 || !intIn(minutes, 0, 59))) return false;
  }
  const [whole, fraction] = seconds.split(/\.(.*)/s);
  if (!intIn(whole, 0, 59)) return false;
  return fraction === undefined || intIn(fraction, 0, 999999999);
}
