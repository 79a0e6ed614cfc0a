/**
 * The result tree a service returns; the wire encoders turn it into AWS's XML (or STS's JSON).
 *
 * - An object is a structure: its keys become child elements, in insertion order, which is the
 *   order AWS sends them in. `undefined` members are left out.
 * - An array is a list: `<Name><member>…</member></Name>`.
 * - A `Date` is written as ISO-8601 UTC without fractional seconds, as AWS does.
 * - An `XmlMap` is a map: `<Name><entry><key>…</key><value>…</value></entry></Name>`.
 */
export type WireValue = string | number | boolean | Date | WireList | WireStruct | XmlMap | undefined;
export type WireList = WireValue[];
export interface WireStruct {
  [member: string]: WireValue;
}

export class XmlMap {
  constructor(readonly entries: ReadonlyArray<readonly [string, WireValue]>) {}
}
