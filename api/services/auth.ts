import { logInInput, signUpInput } from "@outreach/contracts";
import { AuthenticationError, ConflictError, hashPassword, verifyPassword } from "@outreach/core";
import type { Db, User } from "@outreach/db";
import { Prisma } from "@outreach/db";
import { jwtVerify, SignJWT } from "jose";
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

/** HS256 only: tokens with another alg (including "none") are refused by jwtVerify's allow-list. */
export function createTokenService(secret: Uint8Array, ttlSeconds: number): TokenService {
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
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER });
        if (typeof payload.sub !== "string" || typeof payload.email !== "string") return null;
        return { id: payload.sub, email: payload.email };
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

export async function logIn(deps: { db: Db; tokens: TokenService }, raw: unknown): Promise<AuthResult> {
  const input = parseInput(logInInput, raw);
  const user = await deps.db.user.findUnique({ where: { email: input.email } });
  dummyHash ??= hashPassword("not-a-real-password");
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok) throw new AuthenticationError("Wrong email or password");
  return { token: await deps.tokens.issue(user), user };
}
