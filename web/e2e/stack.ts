// Starts the whole product for the browser suite, the way `pnpm start` does but isolated:
// a fresh migrated database, a Redis key prefix of its own, the provider sandbox fakes, the API and
// the worker as child processes, and the web app built with `vite build` and served by `vite preview`.
// Everything listens on 127.0.0.1 on free ports; stop() tears it all down.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, freePort, type TestDatabase } from '@outreach/testkit';
import { spawnWorker } from '@outreach/testkit/worker';
import { startSandbox, type Sandbox } from '@outreach/fakes/sandbox';

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rootDir = path.resolve(webDir, '..');
export const logDir = path.join(rootDir, '.tmp', 'e2e');

export interface Stack {
  apiUrl: string;
  webUrl: string;
  databaseUrl: string;
  redisPrefix: string;
  fakeControlUrls: Record<string, string>;
  stop(): Promise<void>;
}

async function waitUntil(what: string, check: () => Promise<boolean>, child: Child | null, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.proc.exitCode !== null) throw new Error(`${child.name} exited with code ${child.proc.exitCode} before ${what}:\n${child.tail()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Timed out waiting for ${what}${child ? `:\n${child.tail()}` : ''}`);
}

interface Child { name: string; proc: ChildProcess; log: string; tail(): string; stop(): Promise<void> }

function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd = rootDir): Child {
  const log = path.join(logDir, `${name}.log`);
  const out = createWriteStream(log);
  const proc = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.pipe(out, { end: false });
  proc.stderr!.pipe(out, { end: false });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const kill = (sig: NodeJS.Signals) => { try { process.kill(-proc.pid!, sig); } catch { /* gone */ } };
  return {
    name, proc, log,
    tail: () => { try { return readFileSync(log, 'utf8').split('\n').slice(-40).join('\n'); } catch { return ''; } },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        kill('SIGTERM');
        const timer = setTimeout(() => kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      kill('SIGKILL'); // leftovers of the group (pnpm/vite children)
      out.end();
    },
  };
}

function run(what: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export async function startStack(log: (line: string) => void = console.log): Promise<Stack> {
  mkdirSync(logDir, { recursive: true });
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const c of cleanups.reverse()) await c().catch((e: Error) => log(`cleanup: ${e.message}`));
  };
  try {
    const started = Date.now();
    const db: TestDatabase = await createTestDatabase('e2e');
    cleanups.push(() => db.drop());
    log(`e2e: database ${db.name}`);

    const redisUrl = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const redisPrefix = `e2e-${randomBytes(4).toString('hex')}`;
    cleanups.push(async () => {
      // Remove this run's keys (BullMQ queues, pub/sub leftovers) when redis-cli is around.
      const u = new URL(redisUrl);
      const cli = ['-h', u.hostname, '-p', u.port || '6379'];
      const keys = spawnSync('redis-cli', [...cli, '--scan', '--pattern', `${redisPrefix}*`], { encoding: 'utf8' });
      const list = (keys.stdout ?? '').split('\n').filter(Boolean);
      for (let i = 0; i < list.length; i += 500) spawnSync('redis-cli', [...cli, 'DEL', ...list.slice(i, i + 500)]);
    });

    // No provider credentials reach the fakes' decision: every provider runs in sandbox mode.
    const sandbox: Sandbox = await startSandbox({ env: {} });
    cleanups.push(() => sandbox.close());

    const apiPort = await freePort();
    const webPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    const base: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      PUBLIC_URL: apiUrl,
      // Google's consent returns to the API's /oauth/google/callback (PUBLIC_URL), which sends the
      // browser on to the web app's Settings → Mailboxes: the app is served apart, at webUrl.
      APP_URL: webUrl,
      // API and worker must open the same stored Gmail tokens: one key for this run.
      MAILBOX_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      JWT_SECRET_KEY: randomBytes(48).toString('base64url'),
      JOB_BACKOFF_MS: '200',
      // Reply sync every second (default 30 s), so a reply delivered by the fake Gmail reaches the board quickly.
      DELIVERY_SYNC_EVERY_MS: '1000',
      // Placement watch every second (default 6 h), so a feature the fake site publishes reaches the
      // board and the dashboard within seconds (placements.spec.ts).
      PLACEMENT_WATCH_EVERY_MS: '1000',
      ...sandbox.env,
    };

    const tsx = ['--import', 'tsx'];
    const api = startChild('api', process.execPath, [...tsx, 'api/main.ts'], base);
    cleanups.push(() => api.stop());
    const worker = spawnWorker({ env: base, inheritEnv: false, logFile: path.join(logDir, 'worker.log'), readyTimeoutMs: 120_000 });
    cleanups.push(async () => (await worker.catch(() => null))?.stop());

    // Build while the API boots (2 cores: the build is the slow part).
    const vite = path.join(webDir, 'node_modules', 'vite', 'bin', 'vite.js');
    const buildStarted = Date.now();
    await new Promise<void>((resolve, reject) => {
      const b = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: webDir, env: { ...process.env, VITE_API_URL: apiUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      b.stdout.on('data', (d) => { out += d; });
      b.stderr.on('data', (d) => { out += d; });
      b.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed:\n${out}`))));
    });
    log(`e2e: vite build in ${((Date.now() - buildStarted) / 1000).toFixed(1)} s`);
    log(run('bundle size', process.execPath, ['--import', 'tsx', 'scripts/bundle-size.ts'], process.env, webDir).trim().split('\n').pop() ?? '');

    const web = startChild('web', process.execPath, [vite, 'preview', '--host', '127.0.0.1', '--port', String(webPort), '--strictPort'], { ...process.env }, webDir);
    cleanups.push(() => web.stop());

    await waitUntil('the API to answer /health', async () => (await fetch(`${apiUrl}/health`)).ok, api);
    await waitUntil('vite preview', async () => (await fetch(webUrl)).ok, web);
    await worker;
    log(`e2e: stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: api ${apiUrl}, web ${webUrl}, logs in ${path.relative(rootDir, logDir)}/`);

    return {
      apiUrl, webUrl, databaseUrl: db.url, redisPrefix,
      fakeControlUrls: JSON.parse(sandbox.env.FAKE_CONTROL_URLS ?? '{}') as Record<string, string>,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
