/** Error codes Ramal's services raise; the one place they become HTTP statuses. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PROTECTED: 409,
  PAYLOAD_TOO_LARGE: 413,
  LOCKED: 429,
  PBX_UNREACHABLE: 502,
  INTERNAL: 500,
  /** The operator must set something (workerd without RAMAL_ADMIN_PASSWORD, no database). */
  NOT_CONFIGURED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A field name and why its value was refused; `message` may be an i18n key. */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  /** Seconds until a retry can succeed (locked sign-in). */
  readonly retryAfter: number | undefined;
  /** An i18n key pages show instead of the English message; params fill its placeholders. */
  readonly messageKey: string | undefined;
  readonly messageParams: Record<string, string | number> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: FieldError[]; retryAfter?: number; messageKey?: string; messageParams?: Record<string, string | number> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
    this.messageKey = options.messageKey;
    this.messageParams = options.messageParams;
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

/** A 400 naming every wrong field, its message listing them all. */
export function validationError(fields: FieldError[]): ApiError {
  return new ApiError('VALIDATION', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
}

/** Shortcut for the common "one field is wrong" case. */
export function fieldError(field: string, message: string): ApiError {
  return new ApiError('VALIDATION', `${field}: ${message}`, { fields: [{ field, message }] });
}

export function notFound(what: string): ApiError {
  return new ApiError('NOT_FOUND', `${what} not found`);
}
