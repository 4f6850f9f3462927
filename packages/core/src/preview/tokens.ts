import type { PreviewPlatform } from "./types.js";

/** The platform part of each built-in's shadow suffix (`_<token>_...`). */
export const PLATFORM_TOKENS: Readonly<Record<PreviewPlatform, string>> = Object.freeze({
  dagster_plus: "dagster",
  github_actions: "gha",
  gitlab: "gitlab",
  vercel: "vercel",
  netlify: "netlify",
  render: "render",
  heroku: "heroku",
});
