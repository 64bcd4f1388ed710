#!/usr/bin/env node
// Starts the example streaming servers of examples/servers/ (Node, FastAPI, Go, NestJS, and FastAPI
// behind nginx) and the fixtures of test/servers/fixtures/ ("tutorial-style wrong" servers, and a
// proxy that breaks the connection mid-reply), each on a free
// port of 127.0.0.1, so that browser tests can stream from them. `startServers()` builds what needs
// building (the Go binaries, the NestJS app), waits until each answers HTTP, and returns their base
// URLs by name, the servers it skipped with the reason, and `stop()`. A runtime that is missing is
// reported on stderr and skipped — never silently — and under CI (`process.env.CI` set) it is an
// error, since CI must prove every snippet. As a command it runs another command with the servers up
// and their URLs in $CHAT_STREAM_SERVERS (web-test-runner.config.mjs serves that as /__servers.json):
//
//   node scripts/servers.mjs --origin http://localhost:8103 -- npx wtr --files 'test/servers/*.test.ts' --port 8103
//   node scripts/servers.mjs --origin http://localhost:5173          (no command: runs until Ctrl-C)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = join(ROOT, 'examples/servers');
const FIXTURES = join(ROOT, 'test/servers/fixtures');
const NEST_DIR = join(EXAMPLES, 'nestjs');
/** Debian's python3, which has python3-fastapi and python3-uvicorn (a pyenv shim on PATH may not). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
/** Debian's nginx lives in /usr/sbin, which is not on every user's PATH. */
const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
/** How long a server may take to answer its first request after it was started. */
const READY_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 100;
/** How long stop() waits for a server to exit after SIGTERM before it sends SIGKILL. */
const STOP_GRACE_MS = 3_000;
/** How much of a server's output is kept to quote when it fails. */
const OUTPUT_TAIL_CHARS = 2_000;
/** The name of the environment variable that carries the servers' URLs to the test runner. */
export const SERVERS_ENV = 'CHAT_STREAM_SERVERS';
/** The origin the servers allow when none is given (web-test-runner's default port). */
const DEFAULT_ORIGIN = 'http://localhost:8000';

/** Returns a TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Runs a command to completion; returns whether it succeeded and what it printed (never throws). */
function probe(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return { ok: result.status === 0, output: result.error ? result.error.message : output };
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** Fills `${NAME}` placeholders, as `envsubst` would; unknown names stay as they are. */
function substitute(text, values) {
  return text.replace(/\$\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

/** The scratch space of one startServers() call: built binaries and nginx prefixes. */
class Workspace {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'chat-stream-servers-'));
    // Go's build cache lives in the temp dir too, but survives runs, so a rebuild takes a second.
    const goCache = join(tmpdir(), 'chat-stream-go-cache');
    this.goEnv = { ...process.env, GOCACHE: join(goCache, 'build'), GOPATH: join(goCache, 'path'), GOFLAGS: '' };
  }

  goBuild(source, name) {
    const out = join(this.dir, name);
    const built = probe('go', ['build', '-o', out, source], { env: this.goEnv, cwd: dirname(source) });
    if (!built.ok) throw new Error(`go build ${source} failed:\n${built.output}`);
    return out;
  }

  nginxPrefix(name, confTemplate, values, extraFiles = []) {
    const prefix = join(this.dir, name);
    mkdirSync(join(prefix, 'tmp'), { recursive: true });
    writeFileSync(join(prefix, 'nginx.conf'), substitute(readFileSync(confTemplate, 'utf8'), values));
    for (const file of extraFiles) writeFileSync(join(prefix, file.split('/').pop()), readFileSync(file));
    return prefix;
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const goMissing = () => (probe('go', ['version']).ok ? null : 'the `go` command is missing (Debian: apt-get install golang-go)');
const fastapiMissing = () => {
  const found = probe(PYTHON, ['-c', 'import fastapi, uvicorn']);
  if (found.ok) return null;
  return `${PYTHON} cannot import fastapi and uvicorn (Debian: apt-get install python3-fastapi python3-uvicorn): ${found.output.split('\n').pop()}`;
};
const nginxMissing = () => (probe(NGINX, ['-v']).ok ? null : 'the `nginx` command is missing (Debian: apt-get install nginx)');
const nestMissing = () =>
  existsSync(join(NEST_DIR, 'node_modules/@nestjs/core')) ? null : `examples/servers/nestjs has no node_modules: run \`npm ci\` in ${NEST_DIR}`;
const always = () => null;

function nestCommand() {
  const main = join(NEST_DIR, 'dist/main.js');
  if (!existsSync(main) || statSync(main).mtimeMs < newestMtime(join(NEST_DIR, 'src'))) {
    const built = probe(process.execPath, [join(NEST_DIR, 'node_modules/typescript/bin/tsc'), '-p', join(NEST_DIR, 'tsconfig.json')]);
    if (!built.ok) throw new Error(`building examples/servers/nestjs (tsc -p tsconfig.json) failed:\n${built.output}`);
  }
  return { cmd: process.execPath, args: [main] };
}

const nginxCommand = (prefix) => ({ cmd: NGINX, args: ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', 'stderr'] });

/**
 * Every server, in start order (an nginx entry needs its upstream started first). `missing()` says
 * why the server cannot run here, or null; `command()` builds what it needs and says how to start it.
 */
export const SERVERS = [
  { name: 'node', kind: 'example', missing: always, command: () => ({ cmd: process.execPath, args: [join(EXAMPLES, 'node/server.mjs')] }) },
  { name: 'fastapi', kind: 'example', missing: fastapiMissing, command: () => ({ cmd: PYTHON, args: [join(EXAMPLES, 'fastapi/app.py')] }) },
  { name: 'go', kind: 'example', missing: goMissing, command: (ws) => ({ cmd: ws.goBuild(join(EXAMPLES, 'go/main.go'), 'go-chat'), args: [] }) },
  { name: 'nestjs', kind: 'example', missing: nestMissing, command: nestCommand },
  {
    name: 'nginx',
    kind: 'example',
    upstream: 'fastapi',
    missing: nginxMissing,
    command: (ws, port, upstream) =>
      nginxCommand(ws.nginxPrefix('nginx', join(EXAMPLES, 'nginx/nginx.conf'), { NGINX_PORT: port, UPSTREAM: upstream }, [join(EXAMPLES, 'nginx/chat.conf')])),
  },
  {
    name: 'fixture-go-single-newline',
    kind: 'fixture',
    missing: goMissing,
    command: (ws) => ({ cmd: ws.goBuild(join(FIXTURES, 'go-single-newline.go'), 'go-single-newline'), args: [] }),
  },
  { name: 'fixture-fastapi-unframed', kind: 'fixture', missing: fastapiMissing, command: () => ({ cmd: PYTHON, args: [join(FIXTURES, 'fastapi_unframed.py')] }) },
  { name: 'fixture-node-unreadable', kind: 'fixture', missing: always, command: () => ({ cmd: process.execPath, args: [join(FIXTURES, 'node-unreadable.mjs')] }) },
  { name: 'fixture-drop-proxy', kind: 'fixture', missing: always, command: () => ({ cmd: process.execPath, args: [join(FIXTURES, 'drop-proxy.mjs')] }) },
  {
    name: 'fixture-nginx-buffered',
    kind: 'fixture',
    upstream: 'fastapi',
    missing: nginxMissing,
    command: (ws, port, upstream) => nginxCommand(ws.nginxPrefix('nginx-buffered', join(FIXTURES, 'nginx-buffered.conf'), { NGINX_PORT: port, UPSTREAM: upstream })),
  },
];

/** One running server process; its output is kept so that a failure can say what it printed. */
class ServerProcess {
  constructor(name, { cmd, args }, env) {
    this.name = name;
    this.output = '';
    this.exited = null;
    this.child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => {
      this.output = (this.output + chunk).slice(-OUTPUT_TAIL_CHARS);
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.exitPromise = new Promise((resolveExit) => {
      this.child.on('error', (error) => {
        this.exited = `could not start (${cmd}): ${error.message}`;
        resolveExit();
      });
      this.child.on('exit', (code, signal) => {
        this.exited = `exited with ${signal ?? `code ${code}`}`;
        resolveExit();
      });
    });
  }

  /** Resolves once `url` answers any HTTP response; rejects when the process dies or time runs out. */
  async ready(url) {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`${this.name} ${this.exited} before it answered ${url}. It printed:\n${this.output || '(nothing)'}`);
      try {
        await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(READY_POLL_MS * 10) });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, READY_POLL_MS));
      }
    }
    throw new Error(`${this.name} did not answer ${url} within ${READY_TIMEOUT_MS} ms. It printed:\n${this.output || '(nothing)'}`);
  }

  async stop() {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exitPromise;
    clearTimeout(timer);
  }
}

/**
 * Starts every server whose runtime is present, one after another.
 * @param {{ origin?: string, names?: string[], tokenDelayMs?: number, log?: (line: string) => void }} [options]
 *   `origin`: the one origin the servers allow by CORS (the test page's); `names`: a subset of SERVERS.
 * @returns {Promise<{ urls: Record<string, string>, skipped: { name: string, why: string }[], stop: () => Promise<void> }>}
 */
export async function startServers({ origin = DEFAULT_ORIGIN, names, tokenDelayMs, log = (line) => console.error(line) } = {}) {
  const ws = new Workspace();
  const running = [];
  const urls = {};
  const skipped = [];
  const killOnExit = () => running.forEach((p) => p.exited || p.child.kill('SIGKILL'));
  const stopAll = async () => {
    process.removeListener('exit', killOnExit);
    await Promise.all(running.map((p) => p.stop()));
    ws.remove();
  };
  process.once('exit', killOnExit);
  try {
    for (const server of SERVERS.filter((s) => !names || names.includes(s.name))) {
      const why = server.missing() ?? (server.upstream && !urls[server.upstream] ? `its upstream, ${server.upstream}, is not running` : null);
      if (why) {
        if (process.env.CI) throw new Error(`server ${server.name} cannot run: ${why}. CI must run every server; .ci/run installs what they need.`);
        log(`servers: SKIPPED ${server.name}: ${why}`);
        skipped.push({ name: server.name, why });
        continue;
      }
      const started = performance.now();
      const port = await freePort();
      const upstream = server.upstream ? new URL(urls[server.upstream]).host : '';
      const env = { ...process.env, PORT: String(port), CORS_ORIGIN: origin };
      if (tokenDelayMs !== undefined) env.TOKEN_DELAY_MS = String(tokenDelayMs);
      const proc = new ServerProcess(server.name, server.command(ws, port, upstream), env);
      running.push(proc);
      const url = `http://127.0.0.1:${port}`;
      await proc.ready(`${url}/api/chat`);
      urls[server.name] = url;
      log(`servers: ${server.name} on ${url} (ready in ${Math.round(performance.now() - started)} ms)`);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { urls, skipped, stop: stopAll };
}

/** The CLI: `[--origin URL] [-- command args…]`. */
async function main(argv) {
  const dash = argv.indexOf('--');
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const command = dash === -1 ? [] : argv.slice(dash + 1);
  const originAt = own.indexOf('--origin');
  const origin = originAt === -1 ? DEFAULT_ORIGIN : own[originAt + 1];
  const servers = await startServers({ origin });
  const value = JSON.stringify({ urls: servers.urls, skipped: servers.skipped });
  if (command.length === 0) {
    console.log(value);
    console.error(`servers: allowing CORS from ${origin}; Ctrl-C stops them`);
    await new Promise((r) => {
      process.once('SIGINT', r);
      process.once('SIGTERM', r);
    });
    await servers.stop();
    return 0;
  }
  const code = await new Promise((r) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, [SERVERS_ENV]: value } });
    child.on('exit', (c, signal) => r(c ?? (signal ? 1 : 0)));
  });
  await servers.stop();
  return code;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`servers: ${error.message}`);
      process.exit(1);
    },
  );
}
