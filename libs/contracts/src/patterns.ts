/** Svix's rule for user-chosen ids (`uid`, `eventId`) and event type names. */
export const UID_PATTERN = /^[a-zA-Z0-9\-_.]+$/;
export const UID_MAX_LENGTH = 256;
/** An app-portal session id, as Svix accepts it. */
export const SESSION_ID_PATTERN = /^[a-zA-Z0-9@_-]+$/;
/**
 * A signing secret: an HMAC secret as Svix accepts it (optional `whsec_` prefix, then base64 of
 * 24–64 bytes), or a `whsk_` ed25519 secret key (base64 of the 32-byte seed, or of seed and public key).
 */
export const SECRET_PATTERN = /^((whsec_)?[a-zA-Z0-9+/=]{32,100}|whsk_([A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/]{85}[AQgw]==))$/;
export const SECRET_PATTERN_MESSAGE = 'must be whsec_ followed by base64 of 24 to 64 bytes, or whsk_ followed by base64 of a 32-byte ed25519 seed (or 64-byte seed and public key)';
