/** The `rocky serve` HTTP path (`serverUrl`): one GET by a verb's declared route. @internal */
export { DEFAULT_SERVER_TIMEOUT_MS, type ServerConfig, serverGet, serverPath } from "./client.js";
