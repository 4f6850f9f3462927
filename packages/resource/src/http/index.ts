/** The `rocky serve` HTTP path (`serverUrl`): routes by verb and one GET. @internal */
export { DEFAULT_SERVER_TIMEOUT_MS, type ServerConfig, serverGet, serverPath } from "./client.js";
export { HTTP_ROUTES, type HttpVerb, isHttpVerb } from "./routes.js";
