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
import { isAsyncIterable, type Plugin, type YogaLogger } from "graphql-yoga";
import type { Context } from "./context.ts";

type MaybePromise<T> = T | Promise<T>;

export interface SharedSubscriptionOptions {
  /** The maskError given to Yoga's maskedErrors, and its message for unexpected errors. */
  maskError: (error: unknown, message: string) => Error;
  errorMessage: string;
}

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
 * The subscribe resolver (auth, ownership, the event filter) still runs per subscriber. The stream
 * is handed to graphql-ws as it is: this plugin ends envelop's subscribe early, so the only plugins
 * with subscribe hooks after it, Yoga's error masking and its AbortError pass-through, do not wrap
 * each subscriber's stream in two more async iterators (a fifth of an API instance's CPU per
 * delivered event). Masking is applied here instead, with Yoga's maskError, once per shared result;
 * AbortErrors only come from HTTP request signals, which graphql-js execution does not use. A test
 * (shared-subscription-execution.test.ts) fails if another plugin with subscribe hooks comes after
 * this one. Invalid variables go to the default path, so their errors are exactly Yoga's.
 */
export function useSharedSubscriptionExecution(options: SharedSubscriptionOptions): Plugin<Context> {
  let logger: YogaLogger | undefined;
  const mask = masker(options, (error) => logger?.error(error));
  return {
    onYogaInit({ yoga }) {
      logger = yoga.logger;
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const key = sharingKey(args as ExecutionArgs & { contextValue: Context });
      if (key === null) return;
      setResultAndStopExecution(subscribeSharingResults(args as ExecutionArgs, key, mask) as never);
    },
  };
}

/** Yoga's masking (envelop useMaskedErrors with Yoga's maskError wrapper): results and stream errors. */
function masker(options: SharedSubscriptionOptions, logMasked: (original: unknown) => void) {
  const maskError = (error: unknown): Error => {
    const masked = options.maskError(error, options.errorMessage);
    if (masked !== error) logMasked(error);
    return masked;
  };
  return {
    error: maskError,
    result: (result: ExecutionResult): ExecutionResult =>
      result.errors ? { ...result, errors: result.errors.map((e) => maskError(e) as GraphQLError) } : result,
  };
}

type Masker = ReturnType<typeof masker>;

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
  mask: Masker,
): Promise<ExecutionResult | AsyncIterableIterator<ExecutionResult>> {
  const operation = getOperationAST(args.document, args.operationName)!;
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return mask.result(source);
  const run = (event: unknown) => {
    const result = execute({ ...args, rootValue: event });
    return result instanceof Promise ? result.then(mask.result) : mask.result(result);
  };
  return mapEvents(source[Symbol.asyncIterator](), (event) => sharedResult(event, key, run), operation, mask);
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

/**
 * The source stream mapped through execution. A failing source ends the stream with the error the
 * default executor would give (wrapped, then masked).
 */
function mapEvents(
  source: AsyncIterator<unknown>,
  run: (event: unknown) => MaybePromise<ExecutionResult>,
  operation: OperationDefinitionNode,
  mask: Masker,
): AsyncIterableIterator<ExecutionResult> {
  const finished: IteratorResult<ExecutionResult> = { value: undefined, done: true };
  return {
    async next() {
      let step: IteratorResult<unknown>;
      try {
        step = await source.next();
      } catch (error) {
        const original = error instanceof Error ? error : new Error(String(error));
        throw mask.error(new GraphQLError(original.message, { originalError: original, nodes: [operation] }));
      }
      if (step.done) return finished;
      try {
        return { value: await run(step.value), done: false };
      } catch (error) {
        await source.return?.();
        throw mask.error(error);
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
