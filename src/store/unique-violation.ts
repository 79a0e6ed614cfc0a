/** Thrown when an insert collides with an existing key (same URL, same role name, …). */
export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
}
