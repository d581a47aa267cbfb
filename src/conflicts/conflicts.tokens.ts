/** Injection token for the active ClashRules (from AppConfig). */
export const CLASH_RULES = Symbol('CLASH_RULES');
