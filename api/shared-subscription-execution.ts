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
import { createEventQueue, MAX_QUEUED_EVENTS, type EventQueue, type EventSink } from "@outreach/contracts/event-queue";
import { ownContext, type Context } from "./context.ts";

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
 *
 * The stream it returns is also pipeable (SharedResults.pipe): api/ws-delivery.ts takes each shared
 * result from it in the tick its event arrives in, with the result's JSON serialized once for all.
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
): Promise<ExecutionResult | SharedResults> {
  const operation = getOperationAST(args.document, args.operationName)!;
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return mask.result(source);
  const group = executionGroup(key, () => {
    // Only what execution needs, for as long as the group lives: not the first subscriber's
    // per-operation context, socket or request.
    const { schema, document, operationName, variableValues, fieldResolver, typeResolver } = args;
    const contextValue = ownContext(args.contextValue as Context);
    return (event: unknown) => {
      const result = execute({ schema, document, operationName, variableValues, fieldResolver, typeResolver, contextValue, rootValue: event });
      return result instanceof Promise ? result.then(mask.result) : mask.result(result);
    };
  });
  return new SharedResultStream(pipeable(source[Symbol.asyncIterator]()), group, operation, mask);
}

/**
 * One execution of an event's result for every subscriber with the same key. Its JSON (a graphql-ws
 * `next` payload) is serialized once, when first asked for.
 */
export class SharedExecution {
  value: ExecutionResult | undefined;
  failure: { error: unknown } | null = null;
  /** Until the execution has settled (null once it has, or when it ran synchronously). */
  pending: Promise<ExecutionResult> | null = null;
  #waiters: { settled(): void }[] = [];
  #json: string | undefined;

  constructor(run: () => MaybePromise<ExecutionResult>) {
    try {
      const result = run();
      if (!(result instanceof Promise)) {
        this.value = result;
        return;
      }
      this.pending = result;
      result.then(
        (value) => this.#settle(value, null),
        (error: unknown) => this.#settle(undefined, { error }),
      );
    } catch (error) {
      this.failure = { error };
    }
  }

  get json(): string {
    return (this.#json ??= JSON.stringify(this.value));
  }

  whenSettled(waiter: { settled(): void }) {
    this.#waiters.push(waiter);
  }

  #settle(value: ExecutionResult | undefined, failure: { error: unknown } | null) {
    this.value = value;
    this.failure = failure;
    this.pending = null;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.settled();
  }
}

/**
 * The subscriptions of this process with one sharing key. Each holds its group, so the group lives
 * as long as one of them does. `run` executes an event for all of them (made by the first one);
 * `last` spares them the lookup for the event they all get in turn.
 */
interface ExecutionGroup {
  run: (event: unknown) => MaybePromise<ExecutionResult>;
  lastEvent: unknown;
  last: SharedExecution | null;
}

const groups = new Map<string, WeakRef<ExecutionGroup>>();
const forgetGroup = new FinalizationRegistry<string>((key) => {
  if (!groups.get(key)?.deref()) groups.delete(key);
});

function executionGroup(key: string, runner: () => ExecutionGroup["run"]): ExecutionGroup {
  let group = groups.get(key)?.deref();
  if (!group) {
    group = { run: runner(), lastEvent: undefined, last: null };
    groups.set(key, new WeakRef(group));
    forgetGroup.register(group, key);
  }
  return group;
}

const executionsByEvent = new WeakMap<object, Map<ExecutionGroup, SharedExecution>>();

function sharedExecution(event: unknown, group: ExecutionGroup): SharedExecution {
  if (group.lastEvent === event && group.last) return group.last;
  if (typeof event !== "object" || event === null) return new SharedExecution(() => group.run(event));
  let executions = executionsByEvent.get(event);
  if (!executions) executionsByEvent.set(event, (executions = new Map()));
  let execution = executions.get(group);
  if (execution === undefined) {
    executions.set(group, (execution = new SharedExecution(() => group.run(event))));
    group.lastEvent = event;
    group.last = execution;
  }
  return execution;
}

/** A subscription's results: pulled one by one (next), or pushed as they come (pipe). */
export interface SharedResults extends AsyncIterableIterator<ExecutionResult> {
  /**
   * Push mode: each result goes to sink.write, in event order, in the tick its event arrives in (or
   * its execution settles). A sink that returns false is behind: the source stream then holds (and
   * coalesces) events until the sink calls the resume function returned here.
   */
  pipe(sink: EventSink<SharedExecution>): () => void;
}

export function isSharedResults(value: unknown): value is SharedResults {
  return typeof (value as SharedResults | null)?.pipe === "function" && isAsyncIterable(value);
}

/** The subscribe resolver's stream as an EventQueue (ours already are; anything else is pumped into one). */
function pipeable(source: AsyncIterator<unknown>): EventQueue<unknown> {
  if (typeof (source as EventQueue<unknown>).pipe === "function") return source as EventQueue<unknown>;
  const queue = createEventQueue<unknown>(() => void source.return?.());
  void (async () => {
    try {
      for (let step = await source.next(); !step.done; step = await source.next()) queue.push(step.value);
      queue.end();
    } catch (error) {
      queue.end(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return queue;
}

/**
 * The source stream mapped through execution. A failing source ends the stream with the error the
 * default executor would give (wrapped, then masked); a failing execution ends it with that error.
 */
class SharedResultStream implements SharedResults {
  private pushing: PushedResults | null = null;

  constructor(
    readonly source: EventQueue<unknown>,
    private readonly group: ExecutionGroup,
    private readonly operation: OperationDefinitionNode,
    readonly mask: Masker,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    let step: IteratorResult<unknown>;
    try {
      step = await this.source.next();
    } catch (error) {
      throw this.sourceError(error);
    }
    if (step.done) return finished;
    const shared = sharedExecution(step.value, this.group);
    try {
      if (shared.pending) await shared.pending;
      if (shared.failure) throw shared.failure.error;
      return { value: shared.value!, done: false };
    } catch (error) {
      await this.source.return?.();
      throw this.mask.error(error);
    }
  }

  pipe(sink: EventSink<SharedExecution>): () => void {
    const pushing = (this.pushing = new PushedResults(this, sink));
    pushing.start();
    return () => pushing.resume();
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.pushing?.stop();
    await this.source.return?.();
    return finished;
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  execution(event: unknown): SharedExecution {
    return sharedExecution(event, this.group);
  }

  sourceError(error: unknown): Error {
    const original = error instanceof Error ? error : new Error(String(error));
    return this.mask.error(new GraphQLError(original.message, { originalError: original, nodes: [this.operation] }));
  }
}

const finished: IteratorResult<ExecutionResult> = { value: undefined, done: true };

/**
 * Push mode of SharedResultStream, the source's sink. Executions that have not settled yet wait in
 * `inFlight`, in event order, without being coalesced (only a sink that is behind makes events wait
 * in the source, where they are); more than MAX_QUEUED_EVENTS of them and the source holds events too.
 */
class PushedResults implements EventSink<unknown> {
  private inFlight: SharedExecution[] | null = null;
  private sinkReady = true;
  private stopped = false;
  private ending: { error: Error | undefined } | null = null;
  private resumeSource: (() => void) | null = null;

  constructor(
    private readonly stream: SharedResultStream,
    private readonly sink: EventSink<SharedExecution>,
  ) {}

  start() {
    this.resumeSource = this.stream.source.pipe(this);
  }

  write(event: unknown): boolean {
    if (this.stopped) return false;
    const shared = this.stream.execution(event);
    if (!this.inFlight?.length && !shared.pending) {
      if (shared.failure) {
        this.fail(shared.failure.error);
        return false;
      }
      return (this.sinkReady = this.sink.write(shared));
    }
    const inFlight = (this.inFlight ??= []);
    inFlight.push(shared);
    if (shared.pending) shared.whenSettled(this);
    return this.sinkReady && inFlight.length < MAX_QUEUED_EVENTS;
  }

  end(error?: Error) {
    if (this.stopped) return;
    this.ending = { error: error && this.stream.sourceError(error) };
    this.deliver();
  }

  /** An execution this subscriber waits for has settled. */
  settled() {
    this.deliver();
  }

  resume() {
    if (this.stopped) return;
    this.sinkReady = true;
    this.deliver();
  }

  stop() {
    this.stopped = true;
    this.inFlight = null;
  }

  private fail(error: unknown) {
    this.stop();
    void this.stream.return();
    this.sink.end(this.stream.mask.error(error));
  }

  private deliver() {
    const inFlight = this.inFlight;
    while (!this.stopped && this.sinkReady && inFlight?.length && !inFlight[0]!.pending) {
      const shared = inFlight.shift()!;
      if (shared.failure) return this.fail(shared.failure.error);
      this.sinkReady = this.sink.write(shared);
    }
    if (this.stopped || !this.sinkReady) return;
    if (this.ending && !inFlight?.length) {
      this.stopped = true;
      return this.sink.end(this.ending.error);
    }
    if ((inFlight?.length ?? 0) < MAX_QUEUED_EVENTS) this.resumeSource?.();
  }
}
