/**
 * A decision's details as the store keeps them: JSON text. The STS bounds check has to serialise
 * every record to measure it, and the writer has to serialise it again to store it; at thousands
 * of decisions a second that second JSON.stringify showed in the profile. The text is remembered
 * per details object (weakly: it goes with the record), so whichever asks first pays, once.
 * Details are never mutated once a record is handed to the log.
 */
const serialised = new WeakMap<object, string>();

export function decisionDetailsJson(details: unknown): string {
  if (typeof details !== 'object' || details === null) return JSON.stringify(details ?? null);
  let json = serialised.get(details);
  if (json === undefined) {
    json = JSON.stringify(details);
    serialised.set(details, json);
  }
  return json;
}
