// Generated from the rocky engine's `ai_contract.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Observed profile of one column, as reported by `rocky ai-contract`. */
export const AiContractColumnProfileSchema = z.looseObject({
  distinct: z.number().int(),
  max: z.string().nullish(),
  min: z.string().nullish(),
  name: z.string(),
  null_rate: z.number(),
  nulls: z.number().int(),
  /** Observed low-cardinality domain. Empty above the cardinality cap. This is reported as evidence; it is not encoded into the contract file. */
  observed_values: z.array(z.string()),
  rows: z.number().int(),
  /** Inferred Rocky type name. */
  type: z.string(),
});
/** The parsed form of {@link AiContractColumnProfileSchema}. */
export type AiContractColumnProfile = z.infer<typeof AiContractColumnProfileSchema>;

/** JSON output for `rocky ai-contract <model>`. Reports the AI-drafted data contract for a model, grounded in the observed per-column profile of its target table. The drafted contract is compile-verified against the model before it's reported, so a successful response is a contract that `rocky compi... */
export const AiContractOutputSchema = z.looseObject({
  /** Number of LLM attempts taken to reach a compile-verified contract. */
  attempts: z.number().int(),
  command: z.string(),
  /** The drafted contract serialized as `.contract.toml`. */
  contract_toml: z.string(),
  /** The model the contract was drafted for. */
  model: z.string(),
  /** The observed per-column profile that grounded the draft. */
  profile: z.array(AiContractColumnProfileSchema),
  /** Path the contract was written to, when `--save` was passed. */
  saved_path: z.string().nullish(),
  version: z.string(),
});
/** The parsed form of {@link AiContractOutputSchema}. */
export type AiContractOutput = z.infer<typeof AiContractOutputSchema>;
