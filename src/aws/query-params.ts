/**
 * A view over awsQuery parameters (`Name=value`, `Name.member.N`, `Name.member.N.Field`) as
 * botocore's QuerySerializer writes them. Services read their inputs through it; it never
 * validates values (that is each action's job, with AWS's messages), it only decodes shape.
 */
export class QueryParams {
  constructor(
    private readonly values: ReadonlyMap<string, string>,
    private readonly prefix = '',
  ) {}

  static from(entries: Iterable<readonly [string, string]>): QueryParams {
    return new QueryParams(new Map(entries));
  }

  /** The raw value of a scalar parameter, or undefined when it was not sent. */
  string(name: string): string | undefined {
    return this.values.get(this.prefix + name);
  }

  has(name: string): boolean {
    return this.values.has(this.prefix + name);
  }

  /**
   * A list of scalars: `Name.member.1`, `Name.member.2`, … in index order.
   * `Name=` (botocore's empty list) gives []; a list never sent gives undefined.
   */
  list(name: string): string[] | undefined {
    const indexes = this.memberIndexes(name, false);
    if (indexes.length === 0) return this.has(name) ? [] : undefined;
    return indexes.map((i) => this.values.get(`${this.prefix}${name}.member.${i}`) ?? '');
  }

  /** A list of structures: each member is a view rooted at `Name.member.N.`. */
  members(name: string): QueryParams[] | undefined {
    const indexes = this.memberIndexes(name, true);
    if (indexes.length === 0) return this.has(name) ? [] : undefined;
    return indexes.map((i) => new QueryParams(this.values, `${this.prefix}${name}.member.${i}.`));
  }

  /** Every parameter name under this view, without the view's prefix (for diagnostics and tests). */
  names(): string[] {
    const out: string[] = [];
    for (const key of this.values.keys()) if (key.startsWith(this.prefix)) out.push(key.slice(this.prefix.length));
    return out;
  }

  private memberIndexes(name: string, nested: boolean): number[] {
    const head = `${this.prefix}${name}.member.`;
    const seen = new Set<number>();
    for (const key of this.values.keys()) {
      if (!key.startsWith(head)) continue;
      const rest = key.slice(head.length);
      const dot = rest.indexOf('.');
      const digits = nested ? (dot === -1 ? '' : rest.slice(0, dot)) : dot === -1 ? rest : '';
      if (/^[1-9][0-9]{0,5}$/.test(digits)) seen.add(Number(digits));
    }
    return [...seen].sort((a, b) => a - b);
  }
}
