// Starts fauxqs (installed by install.sh) the way this repository's scripts and tests need it.
//
// Why not fauxqs's own entry points (checked against fauxqs 2.4.1):
// - dist/cli.js (the `fauxqs` bin) ignores FAUXQS_DATA_DIR, FAUXQS_PERSISTENCE and FAUXQS_S3_STORAGE_DIR;
//   only dist/server.js reads them.
// - Both dist/cli.js and dist/server.js pass `logger: true`, which overrides FAUXQS_LOGGER=false.
// - startFauxqs() always listens on 0.0.0.0; a test emulator has no business on other interfaces.
// - Port 0 (let the kernel pick a free port, so parallel test runs never race for one) works, but nothing
//   tells the caller which port was picked. This launcher prints it.
//
// Environment:
//   FAUXQS_PORT             port to listen on; 0 or unset: a free port chosen by the kernel
//   FAUXQS_BIND_HOST        address to listen on (default 127.0.0.1)
//   FAUXQS_LOGGER           "false" turns the per-request log off (default on, as in fauxqs)
//   FAUXQS_DATA_DIR         with FAUXQS_PERSISTENCE=true: SQLite persistence of all state in this folder
//   FAUXQS_S3_STORAGE_DIR   S3 objects as plain files in this folder
//   FAUXQS_INIT, FAUXQS_HOST, FAUXQS_DEFAULT_REGION: read by fauxqs itself (see its README)
//   FAUXQS_EXIT_WITH_STDIN  "1": exit when stdin closes, so the emulator dies with a parent that crashed
//   LOCAL_AWS_TOOLS_DIR     where install.sh put fauxqs (default <repo>/.tools/local-aws)
//
// On success it prints one line: "fauxqs listening on http://127.0.0.1:<port>".
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const env = process.env;
const bindHost = env.FAUXQS_BIND_HOST || "127.0.0.1";

// startFauxqs() hard-codes host "0.0.0.0" in its fastify listen call; rewrite that one value on its way to
// the socket. Everything else passes through untouched.
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listen(...args) {
  const first = args[0];
  if (first !== null && typeof first === "object" && first.host === "0.0.0.0") {
    args[0] = { ...first, host: bindHost };
  }
  return originalListen.apply(this, args);
};

const here = path.dirname(fileURLToPath(import.meta.url));
const toolsDir = env.LOCAL_AWS_TOOLS_DIR || path.resolve(here, "../../.tools/local-aws");
// fauxqs's package exports only ".", and this file lives outside the node_modules tree, so import by path.
const appJs = path.join(toolsDir, "node_modules", "fauxqs", "dist", "app.js");

const port = Number.parseInt(env.FAUXQS_PORT || "0", 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fauxqs: FAUXQS_PORT='${env.FAUXQS_PORT}' is not a port number`);
  process.exit(2);
}

let server;
try {
  const { startFauxqs } = await import(pathToFileURL(appJs).href);
  server = await startFauxqs({
    port,
    logger: env.FAUXQS_LOGGER !== "false",
    // Same rule as fauxqs's dist/server.js: a data dir alone does not switch persistence on.
    ...(env.FAUXQS_DATA_DIR && env.FAUXQS_PERSISTENCE === "true" ? { dataDir: env.FAUXQS_DATA_DIR } : {}),
    ...(env.FAUXQS_S3_STORAGE_DIR ? { s3StorageDir: env.FAUXQS_S3_STORAGE_DIR } : {}),
  });
} catch (error) {
  console.error(`fauxqs: failed to start (${appJs}): ${error?.stack ?? error}`);
  process.exit(1);
}

const host = bindHost === "0.0.0.0" || bindHost === "::" ? "127.0.0.1" : bindHost;
console.log(`fauxqs listening on http://${host.includes(":") ? `[${host}]` : host}:${server.port}`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    // A clean close flushes and closes the SQLite database; writes are synchronous anyway, so a kill -9
    // loses nothing that was acknowledged.
    await server.stop();
  } finally {
    process.exit(code);
  }
}

process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
if (env.FAUXQS_EXIT_WITH_STDIN === "1") {
  // The parent holds the write end of our stdin; when it exits, even by a crash, the pipe closes.
  process.stdin.on("end", () => stop(0));
  process.stdin.on("error", () => stop(0));
  process.stdin.resume();
}
