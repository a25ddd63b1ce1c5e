import {
  createSourceEventStream,
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from "graphql";
import { isAsyncIterable, type Plugin } from "graphql-yoga";
import type { Context } from "./context.ts";

type MaybePromise<T> = T | Promise<T>;

/**
 * Runs a subscription's selection once per event for every subscriber of this process that would get
 * the same result, instead of once per subscriber (1,000 subscribers to one job: one execution per
 * event, not 1,000).
 *
 * Subscribers share a result when the event object, the document, the operation name, the variables
 * and the viewer are the same. That is sound because a subscription's result depends on nothing
 * else: the root value is the event, and resolvers read the database through the viewer's id. The
 * viewer is part of the key even though each subscriber only receives its own user's events, so a
 * result can never reach another user. The event bus hands every subscriber of a channel the same
 * event object, which is what makes the sharing happen.
 *
 * Everything else stays per subscriber and unchanged: the subscribe resolver (auth, ownership, the
 * event filter) and the envelop hooks around the stream (error masking). Invalid variables go to the
 * default executor, so their errors are exactly Yoga's.
 */
export function useSharedSubscriptionExecution(): Plugin<Context> {
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const key = sharingKey(args as ExecutionArgs & { contextValue: Context });
      if (key === null) return;
      setSubscribeFn((subscribeArgs) => subscribeSharingResults(subscribeArgs as ExecutionArgs, key, subscribeFn));
    },
  };
}

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/** Null when this subscription cannot share: no viewer, no such operation, or invalid variables. */
function sharingKey(args: ExecutionArgs & { contextValue: Context }): string | null {
  const viewerId = args.contextValue?.viewer?.id;
  const operation = getOperationAST(args.document, args.operationName);
  if (!viewerId || operation?.operation !== "subscription") return null;
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (variables.errors) return null;
  let documentId = documentIds.get(args.document);
  if (documentId === undefined) documentIds.set(args.document, (documentId = nextDocumentId++));
  return JSON.stringify([viewerId, documentId, args.operationName ?? null, args.variableValues ?? null]);
}

async function subscribeSharingResults(
  args: ExecutionArgs,
  key: string,
  fallback: (args: ExecutionArgs) => unknown,
): Promise<unknown> {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return fallback(args);
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source;
  const executeFor = (event: unknown) => execute({ ...args, rootValue: event });
  return mapEvents(source[Symbol.asyncIterator](), (event) => sharedResult(event, key, executeFor), operation);
}

const resultsByEvent = new WeakMap<object, Map<string, MaybePromise<ExecutionResult>>>();

function sharedResult(
  event: unknown,
  key: string,
  run: (event: unknown) => MaybePromise<ExecutionResult>,
): MaybePromise<ExecutionResult> {
  if (typeof event !== "object" || event === null) return run(event);
  let results = resultsByEvent.get(event);
  if (!results) resultsByEvent.set(event, (results = new Map()));
  let result = results.get(key);
  if (result === undefined) results.set(key, (result = run(event)));
  return result;
}

/** The source stream mapped through execution; stream errors are wrapped as the default executor does. */
function mapEvents(
  source: AsyncIterator<unknown>,
  run: (event: unknown) => MaybePromise<ExecutionResult>,
  operation: OperationDefinitionNode,
): AsyncIterableIterator<ExecutionResult> {
  const finished: IteratorResult<ExecutionResult> = { value: undefined, done: true };
  return {
    async next() {
      let step: IteratorResult<unknown>;
      try {
        step = await source.next();
      } catch (error) {
        const original = error instanceof Error ? error : new Error(String(error));
        throw new GraphQLError(original.message, { originalError: original, nodes: [operation] });
      }
      if (step.done) return finished;
      try {
        return { value: await run(step.value), done: false };
      } catch (error) {
        await source.return?.();
        throw error;
      }
    },
    async return() {
      await source.return?.();
      return finished;
    },
    async throw(error) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
