import { getOperationAST, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import type { Plugin } from "graphql-yoga";

/** Per operation of a document: whether it is a query, its runs so far, and its compiled form once tried. */
type Entry = { query: boolean; runs: number; compiled: CompiledQuery | null | undefined };

/**
 * Queries run through graphql-jit, which compiles a document's operation into one function instead
 * of walking it field by field for every row. A document is compiled once it has run
 * `compileAfterRuns` times through Yoga's own executor (GRAPHQL_COMPILE_AFTER_RUNS, default 1), so
 * one-off queries never pay for compiling and a stream of distinct documents compiles none of them.
 * Mutations and subscriptions keep Yoga's executor.
 *
 * Results are the executor's own in every case a user can tell apart: a document jit cannot
 * compile runs through it, and so does a request whose variables are invalid (or one jit throws
 * on), so those errors keep its wording. Compiled operations are held per parsed document (Yoga's
 * parser cache keeps one DocumentNode per query text), so they go when the document leaves that cache.
 */
export function useCompiledQueries(compileAfterRuns: number | "never"): Plugin {
  if (compileAfterRuns === "never") return {};
  const byDocument = new WeakMap<DocumentNode, Map<string, Entry>>();
  return {
    onExecute({ args, setExecuteFn, executeFn }) {
      const compiled = compiledFor(byDocument, args, compileAfterRuns);
      if (!compiled) return;
      setExecuteFn((executeArgs) => {
        let result: ExecutionResult | Promise<ExecutionResult>;
        try {
          result = compiled.query(executeArgs.rootValue, executeArgs.contextValue, executeArgs.variableValues) as ExecutionResult | Promise<ExecutionResult>;
        } catch {
          return executeFn(executeArgs);
        }
        // Invalid variables: no data at all. The executor says what is wrong in its own words.
        const orFallback = (r: ExecutionResult) => ("data" in r ? r : executeFn(executeArgs));
        return result instanceof Promise ? result.then(orFallback) : orFallback(result);
      });
    },
  };
}

function compiledFor(byDocument: WeakMap<DocumentNode, Map<string, Entry>>, args: ExecutionArgs, compileAfterRuns: number): CompiledQuery | null {
  let byName = byDocument.get(args.document);
  if (!byName) {
    byName = new Map();
    byDocument.set(args.document, byName);
  }
  const name = args.operationName ?? "";
  let entry = byName.get(name);
  if (!entry) {
    entry = { query: getOperationAST(args.document, args.operationName)?.operation === "query", runs: 0, compiled: undefined };
    byName.set(name, entry);
  }
  if (!entry.query) return null;
  if (entry.compiled !== undefined) return entry.compiled;
  if (entry.runs++ < compileAfterRuns) return null;
  entry.compiled = compile(args.schema, args.document, args.operationName ?? undefined);
  return entry.compiled;
}

function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
  try {
    const compiled = compileQuery(schema, document, operationName);
    return isCompiledQuery(compiled) ? compiled : null;
  } catch {
    return null;
  }
}
