/**
 * The AWS query protocol (IAM, STS): form-encoded requests, XML responses wrapped in
 * `<{Action}Response><{Action}Result>`, lists as `<member>` elements, errors as `<ErrorResponse>`.
 */
import type { ApiError, FakeRequest, FakeResponse } from './http.js';

/** A value that becomes XML: objects are elements, arrays are `<member>` lists, Dates ISO-8601. */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | XmlValue[]
  | { [key: string]: XmlValue };

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

/** `item` names list elements: `member` in the query protocol, `item` in EC2's. */
export function toXml(value: XmlValue, item = 'member'): string {
  if (value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<${item}>${toXml(v, item)}</${item}>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => `<${key}>${toXml(v, item)}</${key}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export function queryResponse(
  action: string,
  namespace: string,
  result: XmlValue,
  req: FakeRequest,
): FakeResponse {
  const body =
    `<${action}Response xmlns="${namespace}"><${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${req.requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId }, body };
}

export function queryError(error: ApiError, namespace: string, req: FakeRequest): FakeResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${req.requestId}</RequestId></ErrorResponse>`;
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': req.requestId, ...error.extra.headers },
    body,
  };
}

/** The form parameters of a query-protocol request. */
export function formParams(req: FakeRequest): URLSearchParams {
  return new URLSearchParams(req.body);
}

/** AWS's URL encoding of policy documents in IAM responses (the SDK leaves it to the caller). */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text);
}
