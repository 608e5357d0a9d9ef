/**
 * Case folding as the server does it: ASCII letters only (valkey `src/server.c` looks commands up with
 * `dictSdsKeyCaseCompare`, and argument tokens are compared with `strcasecmp`). JavaScript's own
 * `toUpperCase` also folds `ı` to `I`, `ſ` to `S` and the Kelvin sign to `k`, which no server treats as
 * the token or command they resemble.
 */
export const asciiUpper = (s: string) => s.replace(/[a-z]+/g, (m) => m.toUpperCase());
export const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
