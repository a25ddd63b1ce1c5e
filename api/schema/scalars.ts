import { GraphQLError, Kind } from "graphql";
import { builder } from "../builder.ts";

builder.scalarType("DateTime", {
  description: "An ISO 8601 date-time in UTC",
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: (value) => {
    const date = new Date(value as string);
    if (typeof value !== "string" || Number.isNaN(date.getTime())) throw new GraphQLError("DateTime must be an ISO 8601 string");
    return date;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime())) {
      throw new GraphQLError("DateTime must be an ISO 8601 string");
    }
    return new Date(ast.value);
  },
});

builder.scalarType("JSON", {
  description: "Arbitrary JSON, as stored (provider payloads, crawl evidence)",
  serialize: (value) => value,
  parseValue: (value) => value,
});
