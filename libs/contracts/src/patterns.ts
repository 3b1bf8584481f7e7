/** Svix's rule for user-chosen ids (`uid`, `eventId`) and event type names. */
export const UID_PATTERN = /^[a-zA-Z0-9\-_.]+$/;
export const UID_MAX_LENGTH = 256;
/** A signing secret as Svix accepts it: optional `whsec_` prefix, then base64 of 24–64 bytes. */
export const SECRET_PATTERN = /^(whsec_)?[a-zA-Z0-9+/=]{32,100}$/;
