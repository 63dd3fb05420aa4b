// Gateway error codes: defined once, with the HTTP status used at the WebSocket upgrade.

export const GATEWAY_ERRORS = {
  GATEWAY_BAD_PATH: { status: 404, message: 'chargers connect at /ocpp/{chargerId}' },
  GATEWAY_BAD_IDENTITY: { status: 400, message: 'charger id must be 1–48 printable ASCII characters without spaces' },
  GATEWAY_NO_SUBPROTOCOL: { status: 400, message: 'no supported OCPP subprotocol offered (ocpp2.1, ocpp2.0.1, ocpp1.6)' },
  GATEWAY_UNKNOWN_CHARGER: { status: 404, message: 'unknown charger' },
  GATEWAY_BAD_CREDENTIALS: { status: 401, message: 'wrong or missing password' },
  GATEWAY_CERT_MISMATCH: { status: 401, message: 'client certificate does not match the charger id' },
  GATEWAY_UNAVAILABLE: { status: 503, message: 'temporarily unavailable, retry later' },
} as const;

export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;
