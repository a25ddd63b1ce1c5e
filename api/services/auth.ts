import { logInInput, signUpInput } from "@outreach/contracts";
import { AuthenticationError, ConflictError, hashPassword, verifyPassword } from "@outreach/core";
import type { Db, User } from "@outreach/db";
import { Prisma } from "@outreach/db";
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { jwtVerify, SignJWT } from "jose";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { parseInput } from "./validation.ts";

export interface Viewer {
  id: string;
  email: string;
}

const ALGORITHM = "HS256";
const ISSUER = "art-outreach";

export interface TokenService {
  issue(user: Pick<User, "id" | "email">): Promise<string>;
  verify(token: string): Promise<Viewer | null>;
}

/** Tokens whose verification is remembered per API instance; the oldest goes first past this. */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * HS256 only: tokens with another alg (including "none") are refused by jwtVerify's allow-list.
 * A token that verified is remembered until its own expiry, so a client's next requests skip the
 * HMAC (about half a millisecond of CPU each through WebCrypto): the same string with the same
 * secret verifies the same way until then. Refused tokens are never remembered.
 */
export function createTokenService(secret: Uint8Array, ttlSeconds: number): TokenService {
  const verified = new Map<string, { viewer: Viewer; expiresAt: number }>();
  return {
    issue: (user) =>
      new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
        .setSubject(user.id)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(secret),
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (Date.now() < known.expiresAt) return known.viewer;
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER });
        if (typeof payload.sub !== "string" || typeof payload.email !== "string") return null;
        const viewer = { id: payload.sub, email: payload.email };
        if (typeof payload.exp !== "number") return viewer;
        if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
        verified.set(token, { viewer, expiresAt: payload.exp * 1000 });
        return viewer;
      } catch {
        return null;
      }
    },
  };
}

export interface AuthResult {
  token: string;
  user: User;
}

export async function signUp(deps: { db: Db; tokens: TokenService }, raw: unknown): Promise<AuthResult> {
  const input = parseInput(signUpInput, raw);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await deps.db.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    await deps.db.auditEvent.create({ data: { userId: user.id, action: "user.signUp", entityType: "User", entityId: user.id } });
    return { token: await deps.tokens.issue(user), user };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ConflictError("An account with this email already exists");
    }
    throw err;
  }
}

// Verifying against a fixed hash when the user is unknown keeps response times alike.
let dummyHash: Promise<string> | undefined;

/** Refused login: typed as an AuthenticationError in GraphQL, with when to try again. */
export class TooManyAttemptsError extends AuthenticationError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts, try again in ${retryAfterSeconds} s`);
    this.name = "TooManyAttemptsError";
  }
}

/** Failed log-ins allowed per window, per email (any client) and per client address (any email). */
export const LOGIN_LIMITS = {
  perEmail: { points: 5, durationSeconds: 15 * 60 },
  perClient: { points: 20, durationSeconds: 15 * 60 },
};

export interface LoginLimiter {
  /** Throws TooManyAttemptsError when this email or client is already over its limit. */
  check(email: string, client: string | null): Promise<void>;
  /** Counts one failure; throws TooManyAttemptsError when it went past the limit (concurrent attempts). */
  fail(email: string, client: string | null): Promise<void>;
  /** A successful log-in clears the email's failures (not the client's). */
  succeed(email: string): Promise<void>;
}

const keyOf = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 32);
const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Brute-force protection for logIn in Redis (shared by every API instance), keyed by a hash of
 * the email and by the client's socket address (x-forwarded-for is not trusted: anyone can set it).
 */
export function createLoginLimiter(redis: Redis, prefix: string, limits = LOGIN_LIMITS): LoginLimiter {
  const byEmail = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:login:email`,
    points: limits.perEmail.points,
    duration: limits.perEmail.durationSeconds,
  });
  const byClient = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:login:client`,
    points: limits.perClient.points,
    duration: limits.perClient.durationSeconds,
  });
  const pairs = (email: string, client: string | null) =>
    [
      [byEmail, keyOf(email), limits.perEmail.points],
      ...(client ? [[byClient, keyOf(client), limits.perClient.points] as const] : []),
    ] as const;
  return {
    async check(email, client) {
      for (const [limiter, key, points] of pairs(email, client)) {
        const res = await limiter.get(key);
        if (res && res.consumedPoints >= points) throw new TooManyAttemptsError(retryAfter(res.msBeforeNext));
      }
    },
    async fail(email, client) {
      let blocked: number | null = null;
      for (const [limiter, key] of pairs(email, client)) {
        // consume rejects only past the limit, i.e. when concurrent attempts all passed check().
        await limiter.consume(key).catch((err: unknown) => {
          if (!(err instanceof RateLimiterRes)) throw err;
          blocked = Math.max(blocked ?? 0, err.msBeforeNext);
        });
      }
      if (blocked !== null) throw new TooManyAttemptsError(retryAfter(blocked));
    },
    async succeed(email) {
      await byEmail.delete(keyOf(email));
    },
  };
}

export async function logIn(
  deps: { db: Db; tokens: TokenService; loginLimiter?: LoginLimiter; clientIp?: string | null },
  raw: unknown,
): Promise<AuthResult> {
  const input = parseInput(logInInput, raw);
  const email = input.email.trim().toLowerCase();
  await deps.loginLimiter?.check(email, deps.clientIp ?? null);
  const user = await deps.db.user.findUnique({ where: { email: input.email } });
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok) {
    await deps.loginLimiter?.fail(email, deps.clientIp ?? null);
    throw new AuthenticationError("Wrong email or password");
  }
  await deps.loginLimiter?.succeed(email);
  return { token: await deps.tokens.issue(user), user };
}
