/**
 * A small client for AWS Query services (IAM, STS): `POST /` with form-encoded `Action`,
 * `Version` and parameters, SigV4-signed, and the XML answer read back. Used by the CLI to
 * drive Trustbridge's (or AWS's) IAM the way the AWS CLI does, without an SDK at runtime.
 *
 * Outbound-fetch rules: a deadline on the whole call and a cap on the response size; the XML
 * reader refuses DTDs (no entity expansion) and bounds nesting depth.
 */
import { request as httpRequest } from 'undici';
import { encodeRfc3986 } from './rfc3986.js';
import { signRequest, type SigningCredentials } from './sigv4/sign.js';
import { TrustbridgeError } from '../errors.js';

export const QUERY_SERVICES = {
  iam: { version: '2010-05-08' },
  sts: { version: '2011-06-15' },
} as const;
export type QueryServiceName = keyof typeof QUERY_SERVICES;

/** A list of strings becomes `Name.member.N`; a list of records `Name.member.N.Field`. */
export type QueryValue = string | number | boolean | undefined | readonly string[] | ReadonlyArray<Readonly<Record<string, string>>>;
export type QueryInput = Readonly<Record<string, QueryValue>>;

export interface QueryClientOptions {
  endpoint: string;
  credentials: SigningCredentials;
  region: string;
  /** Whole-call deadline. Default 30 s. */
  timeoutMs?: number;
  /** Response bodies larger than this are refused. Default 4 MiB. */
  maxResponseBytes?: number;
  /** The signing clock; tests pin it. */
  now?: () => Date;
}

/** An AWS error from the ErrorResponse envelope; `message` is the line the AWS CLI prints. */
export class QueryCallError extends TrustbridgeError {
  override readonly name = 'QueryCallError';
  constructor(
    /** AWS's error code, from the envelope. */
    override readonly code: string,
    readonly awsMessage: string,
    readonly action: string,
    readonly status: number,
  ) {
    super(`An error occurred (${code}) when calling the ${action} operation: ${awsMessage}`);
  }
}

/** The answer could not be read as an awsQuery response: too large, or not well-formed XML. */
export class QueryResponseError extends TrustbridgeError {
  static readonly code = 'ERR_TRUSTBRIDGE_QUERY_RESPONSE';
  override readonly code = QueryResponseError.code;
}

export interface QueryClient {
  /** Calls one action and returns its `<ActionResult>` element (empty when the action has none). */
  call(service: QueryServiceName, action: string, input?: QueryInput): Promise<XmlElement>;
}

export function createQueryClient(options: QueryClientOptions): QueryClient {
  const endpoint = new URL(options.endpoint);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? 4 * 1024 * 1024;
  const now = options.now ?? (() => new Date());
  return {
    async call(service, action, input = {}) {
      const body = Buffer.from(encodeQueryForm({ Action: action, Version: QUERY_SERVICES[service].version, ...input }), 'utf8');
      const signed = signRequest(
        {
          method: 'POST',
          path: endpoint.pathname === '' ? '/' : endpoint.pathname,
          query: '',
          headers: [
            ['host', endpoint.host],
            ['content-type', 'application/x-www-form-urlencoded; charset=utf-8'],
          ],
          body,
        },
        { credentials: options.credentials, region: options.region, service, now: now() },
      );
      const response = await httpRequest(endpoint, {
        method: 'POST',
        headers: Object.fromEntries(signed.headers),
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await readCapped(response.body, maxBytes);
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return parseXml(text).child(`${action}Result`) ?? new XmlElement(`${action}Result`, '', []);
      }
      const error = errorElement(text);
      const code = error?.text('Code');
      // A proxy's or load balancer's page instead of an ErrorResponse: still a typed error.
      if (code === undefined) throw new QueryCallError(`HTTP${response.statusCode}`, text.slice(0, 200), action, response.statusCode);
      throw new QueryCallError(code, error?.text('Message') ?? '', action, response.statusCode);
    },
  };
}

/** `name=value` pairs, RFC 3986-encoded, lists flattened the Query way (`X.member.1`, 1-based). */
export function encodeQueryForm(input: QueryInput): string {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (typeof value !== 'object') {
      pairs.push([name, String(value)]);
      continue;
    }
    if (value.length === 0) pairs.push([name, '']);
    value.forEach((item: string | Readonly<Record<string, string>>, index: number) => {
      const prefix = `${name}.member.${index + 1}`;
      if (typeof item === 'string') pairs.push([prefix, item]);
      else for (const [field, fieldValue] of Object.entries(item)) pairs.push([`${prefix}.${field}`, fieldValue]);
    });
  }
  return pairs.map(([name, value]) => `${encodeRfc3986(name, false)}=${encodeRfc3986(value, false)}`).join('&');
}

/** `<ErrorResponse><Error>…` (IAM, STS), or undefined when the body is not that envelope. */
function errorElement(text: string): XmlElement | undefined {
  try {
    return parseXml(text).child('Error');
  } catch {
    return undefined;
  }
}

async function readCapped(body: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) throw new QueryResponseError(`the response is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One element of an AWS XML response: its name, its own text, its child elements. */
export class XmlElement {
  constructor(
    readonly name: string,
    readonly content: string,
    readonly children: readonly XmlElement[],
  ) {}

  child(name: string): XmlElement | undefined {
    return this.children.find((c) => c.name === name);
  }

  /** The text of a child element, or undefined when it is absent. */
  text(name: string): string | undefined {
    return this.child(name)?.content;
  }

  /** The `<member>` elements of a list child (`<Roles><member>…`); [] when absent or empty. */
  members(name: string): XmlElement[] {
    return this.child(name)?.children.filter((c) => c.name === 'member') ?? [];
  }
}

const MAX_DEPTH = 64;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const TOKEN = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<!|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;

/**
 * A reader for the XML AWS's Query services send: elements, text, CDATA and the predefined and
 * numeric entities. Attributes are skipped (only xmlns appears); a DTD or any other `<!` markup
 * is refused, so no entity can expand; mismatched tags and excessive depth are errors.
 */
export function parseXml(text: string): XmlElement {
  interface Open {
    name: string;
    content: string;
    children: XmlElement[];
  }
  const stack: Open[] = [{ name: '#document', content: '', children: [] }];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const [token, cdata, closing, name, , selfClosing, chars] = match;
    const top = stack[stack.length - 1]!;
    if (cdata !== undefined) top.content += cdata;
    else if (chars !== undefined) top.content += decodeEntities(chars);
    else if (name !== undefined && closing === '/') {
      if (top.name !== name || stack.length === 1) throw new QueryResponseError(`malformed XML: unexpected </${name}>`);
      stack.pop();
      stack[stack.length - 1]!.children.push(new XmlElement(top.name, top.content.trim() === '' && top.children.length > 0 ? '' : top.content, top.children));
    } else if (name !== undefined) {
      if (selfClosing === '/') top.children.push(new XmlElement(name, '', []));
      else if (stack.length > MAX_DEPTH) throw new QueryResponseError('malformed XML: nested too deeply');
      else stack.push({ name, content: '', children: [] });
    } else if (token === '<!' || token === '<') throw new QueryResponseError('malformed XML: unsupported markup');
  }
  if (stack.length !== 1) throw new QueryResponseError('malformed XML: unclosed element');
  const root = stack[0]!.children[0];
  if (root === undefined) throw new QueryResponseError('malformed XML: no root element');
  return root;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity] ?? whole;
  });
}
