// API errors: JSON {status, code, message}, one line each.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, "not_found", `${what} not found`);
export const badRequest = (message: string) => new HttpError(400, "bad_request", message);

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
}

/** Error body for anything thrown in a handler (fastify's own errors included). */
export function errorBody(err: unknown): ErrorBody {
  if (err instanceof HttpError) return { status: err.status, code: err.code, message: err.message };
  const e = err as {
    statusCode?: number;
    code?: string;
    message?: string;
    validation?: { instancePath?: string; keyword?: string; params?: Record<string, unknown> }[];
    validationContext?: string;
  };
  const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (e.validation) {
    const v = e.validation[0];
    // ajv says "must NOT have additional properties" without naming it: name it.
    if (v?.keyword === "additionalProperties") {
      const where = `${e.validationContext ?? "request"}${v.instancePath ?? ""}`;
      const name = String(v.params?.additionalProperty);
      return {
        status: 400,
        code: "bad_request",
        message: `${where}/${name} is not a known parameter`,
      };
    }
    // ajv's "must match pattern" prints the regex and "must be equal to one of the allowed
    // values" does not list them: say what was expected instead.
    const where = `${e.validationContext ?? "request"}${v?.instancePath ?? ""}`;
    const name = (v?.instancePath ?? "").split("/").pop() ?? "";
    if (v?.keyword === "pattern")
      return {
        status: 400,
        code: "bad_request",
        message: `${where} must be ${EXPECTED[name] ?? "in the documented format (see /api/openapi.json)"}`,
      };
    if (v?.keyword === "enum" && Array.isArray(v.params?.allowedValues))
      return {
        status: 400,
        code: "bad_request",
        message: `${where} must be one of ${(v.params.allowedValues as unknown[]).join(", ")}`,
      };
    // ajv's "must be integer" and "must NOT have fewer than 1 characters" in plain words.
    if (v?.keyword === "type" && v.params?.type === "integer")
      return { status: 400, code: "bad_request", message: `${where} must be a whole number` };
    if (v?.keyword === "minLength" && v.params?.limit === 1)
      return { status: 400, code: "bad_request", message: `${where} must not be empty` };
    return { status: 400, code: "bad_request", message: oneLine(e.message ?? "bad request") };
  }
  if (status === 429)
    return { status, code: "rate_limited", message: oneLine(e.message ?? "too many requests") };
  if (status >= 500) return { status, code: "internal", message: "internal error" };
  const code = (e.code ?? "bad_request").replace(/^FST_(ERR_)?/, "").toLowerCase();
  return { status, code, message: oneLine(e.message ?? "bad request") };
}

/** What a parameter validated by a pattern looks like, for 400 messages. */
const EXPECTED: Record<string, string> = {
  since: "an ISO 8601 time or epoch milliseconds",
  lang: "a language code such as en or pt-BR",
};

const oneLine = (s: string) => s.split("\n")[0];
