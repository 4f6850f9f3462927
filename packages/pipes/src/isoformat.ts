// rocky prints RFC 3339 date-times (chrono). dagster-rocky's metadata shows them as Python's
// `datetime.isoformat()` of the value pydantic parsed: the offset as `+HH:MM` (`Z` → `+00:00`),
// seconds always present, a fraction only when non-zero, as exactly six digits (pydantic keeps
// microseconds and truncates finer digits).
const RFC3339 =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/**
 * An RFC 3339 date-time as Python prints the parsed value with `isoformat()`
 * (`2026-04-08T13:00:00.5Z` → `2026-04-08T13:00:00.500000+00:00`). Text in any other shape is
 * returned unchanged.
 */
export function pythonIsoformat(text: string): string {
  const m = RFC3339.exec(text);
  if (m === null) return text;
  const [, date, hh, mm, ss = "00", fraction = "", zulu, sign, oh, om] = m;
  const micros = fraction.slice(0, 6).padEnd(6, "0");
  const frac = /^0*$/.test(micros) ? "" : `.${micros}`;
  const offset =
    zulu !== undefined || (oh === "00" && om === "00") ? "+00:00" : `${sign}${oh}:${om}`;
  return `${date}T${hh}:${mm}:${ss}${frac}${offset}`;
}
