// What the two browser suites of test/servers/ share: where scripts/servers.mjs started each server,
// and the element's console warnings (the server doctor speaks through console.warn).

/** /__servers.json, written by scripts/servers.mjs: each server's URL, and the ones it could not start. */
interface ServersFile {
  urls: Record<string, string>;
  skipped: { name: string; why: string }[];
  missing?: string;
}

let servers: ServersFile | undefined;

/** The base URL of the server `name`; throws with the reason when it is not running. */
export async function urlOf(name: string): Promise<string> {
  servers ??= (await (await fetch('/__servers.json')).json()) as ServersFile;
  const url = servers.urls[name];
  if (url) return url;
  const skipped = servers.skipped.find((s) => s.name === name);
  throw new Error(
    skipped
      ? `server ${name} was not started: ${skipped.why}`
      : `server ${name} is not running: ${servers.missing ?? 'scripts/servers.mjs did not list it'}. Run the tests through scripts/servers.mjs (npm test does).`,
  );
}

/** Records every console.warn (still printing it) until `restore()`. */
export function watchWarnings() {
  const original = console.warn;
  const calls: string[] = [];
  console.warn = (...args: unknown[]) => {
    calls.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    original.apply(console, args);
  };
  return { calls, restore: () => (console.warn = original) };
}
