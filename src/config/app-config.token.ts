// Injection tokens for the validated configuration and the database the process ended up on
// (DATABASE_URL, or the embedded server's address).
export const APP_CONFIG = Symbol('APP_CONFIG');
export const DATABASE_URL = Symbol('DATABASE_URL');
