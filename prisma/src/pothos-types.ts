export type { default } from "../generated/pothos-types.ts";
export { getDatamodel } from "../generated/pothos-types.ts";
