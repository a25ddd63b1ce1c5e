export * from "./password.ts";
export * from "./errors.ts";
