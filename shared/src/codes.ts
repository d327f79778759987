/**
 * Codes travel in URLs (/api/v1/files/{code}) and barcodes: letters, digits, dot, dash, underscore. Kept apart from
 * ./files.ts's schemas so the kiosk page can check a typed code without carrying zod's classic API.
 */
export const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
