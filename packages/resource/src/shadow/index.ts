/** Shadow enforcement: the decision, suffix resolution, argv and plan checks, compare refusal, state isolation. */
export { assertArgsShadowed } from "./args-check.js";
export { assertCompareSuffix } from "./compare.js";
export {
  type DetectionEnvs,
  decideShadow,
  type Env,
  type ShadowContext,
  type ShadowDecision,
  type ShadowSettings,
} from "./decision.js";
export {
  assertArgsIsolated,
  isolatedEnv,
  SHADOW_STATE_DIR,
  shadowIdempotencyKey,
  shadowStatePath,
} from "./isolation.js";
export { assertPlanShadowed, planFilePath } from "./plan-guard.js";
export { enforceShadowPolicy, type PolicyOutcome, type PolicyRequest } from "./policy.js";
export {
  defaultShadowSuffix,
  resolveSuffix,
  type ShadowCallOptions,
  type ShadowSuffixContext,
  type SuffixHook,
} from "./suffix.js";
