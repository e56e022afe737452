/**
 * The BankID Relying Party API v6 as one interface, in its own JSON shapes:
 * the real client (rp-client.ts) and the embedded simulator (simulator.ts)
 * implement it, so the login service cannot tell them apart.
 */

/** Body of `POST /auth` as the service sees it (the RP client nests personalNumber in `requirement`). */
export interface RpAuthRequest {
  endUserIp: string;
  /** 12 digits; locks the order to this person. */
  personalNumber?: string;
}

/** Answer of `POST /auth`. qrStartSecret must never leave the server. */
export interface RpAuthResponse {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
}

/** `completionData` of a complete order. */
export interface RpCompletionData {
  user: { personalNumber: string; name: string; givenName: string; surname: string };
  device: { ipAddress: string; uhi?: string };
  /** YYYY-MM-DD. */
  bankIdIssueDate: string;
  /** Base64 XML signature. */
  signature: string;
  /** Base64 OCSP response. */
  ocspResponse: string;
}

/** Answer of `POST /collect`. */
export interface RpCollectResponse {
  orderRef: string;
  status: 'pending' | 'failed' | 'complete';
  hintCode?: string;
  completionData?: RpCompletionData;
}

export interface BankIdClient {
  /** Starts an authentication order. Throws BankIdApiError (e.g. alreadyInProgress). */
  auth(request: RpAuthRequest): Promise<RpAuthResponse>;
  /** The order's state; throws BankIdApiError notFound for an unknown order. */
  collect(orderRef: string): Promise<RpCollectResponse>;
  /** Cancels a pending order; throws BankIdApiError notFound for an unknown order. */
  cancel(orderRef: string): Promise<void>;
}

/** The `errorCode`s of the RP API v6 and the HTTP status BankID answers them with. */
export const RP_ERROR_STATUS: Readonly<Record<string, number>> = {
  alreadyInProgress: 400,
  invalidParameters: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  requestTimeout: 408,
  unsupportedMediaType: 415,
  internalError: 500,
  maintenance: 503,
};

/**
 * An error answer of the RP API (`{ errorCode, details }`), or a transport
 * failure of our own: `unreachable` (connection or TLS failed) and
 * `requestTimeout` (no answer in time) are used for those.
 */
export class BankIdApiError extends Error {
  constructor(
    public readonly errorCode: string,
    public readonly details: string,
    /** HTTP status BankID answered with; 0 when no answer arrived. */
    public readonly httpStatus: number = RP_ERROR_STATUS[errorCode] ?? 0,
  ) {
    super(`BankID RP API error ${errorCode}${details ? `: ${details}` : ''}`);
    this.name = 'BankIdApiError';
  }
}
