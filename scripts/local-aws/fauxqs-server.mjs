// Starts fauxqs (installed by install.sh) the way this repository's scripts and tests need it.
//
// Why not fauxqs's own entry points (checked against fauxqs 2.4.1):
// - dist/cli.js (the `fauxqs` bin) ignores FAUXQS_DATA_DIR, FAUXQS_PERSISTENCE and FAUXQS_S3_STORAGE_DIR;
//   only dist/server.js reads them.
// - Both dist/cli.js and dist/server.js pass `logger: true`, which overrides FAUXQS_LOGGER=false.
// - startFauxqs() always listens on 0.0.0.0; a test emulator has no business on other interfaces.
// - Port 0 (let the kernel pick a free port, so parallel test runs never race for one) works, but nothing
//   tells the caller which port was picked. This launcher prints it.
// - fauxqs answers a browser's CORS preflight (OPTIONS) with 404, so a web page cannot PUT or POST to a
//   presigned URL on it. This launcher answers the preflight and adds the headers an S3 bucket CORS rule would.
// - With persistence on, ChangeMessageVisibility with VisibilityTimeout 0 loses the message (see
//   fixReleaseToReadyPersistence below). This launcher repairs that one method.
// - fauxqs ignores If-None-Match on PutObject, so a conditional write (a completion record, an idempotency
//   record) overwrites instead of failing with 412 as S3 does. This launcher enforces "If-None-Match: *" on PUT
//   (see enforceIfNoneMatch below), one request per key at a time, so write-once records behave as on S3.
//
// Environment:
//   FAUXQS_PORT             port to listen on; 0 or unset: a free port chosen by the kernel
//   FAUXQS_BIND_HOST        address to listen on (default 127.0.0.1)
//   FAUXQS_LOGGER           "false" turns the per-request log off (default on, as in fauxqs)
//   FAUXQS_DATA_DIR         with FAUXQS_PERSISTENCE=true: SQLite persistence of all state in this folder
//   FAUXQS_S3_STORAGE_DIR   S3 objects as plain files in this folder
//   FAUXQS_CORS             "false": no CORS answers, exactly as fauxqs itself (default on: any origin allowed)
//   FAUXQS_IF_NONE_MATCH    "false": leave If-None-Match unenforced, exactly as fauxqs itself (default on)
//   FAUXQS_INIT, FAUXQS_HOST, FAUXQS_DEFAULT_REGION: read by fauxqs itself (see its README)
//   FAUXQS_EXIT_WITH_STDIN  "1": exit when stdin closes, so the emulator dies with a parent that crashed
//   LOCAL_AWS_TOOLS_DIR     where install.sh put fauxqs (default <repo>/.tools/local-aws)
//
// On success it prints one line: "fauxqs listening on http://127.0.0.1:<port>".
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const env = process.env;
const bindHost = env.FAUXQS_BIND_HOST || "127.0.0.1";
const cors = env.FAUXQS_CORS !== "false";
const ifNoneMatch = env.FAUXQS_IF_NONE_MATCH !== "false";

const here = path.dirname(fileURLToPath(import.meta.url));
const toolsDir = env.LOCAL_AWS_TOOLS_DIR || path.resolve(here, "../../.tools/local-aws");
// fauxqs's package exports only ".", and this file lives outside the node_modules tree, so import by path.
const distDir = path.join(toolsDir, "node_modules", "fauxqs", "dist");
const appJs = path.join(distDir, "app.js");

// The headers an S3 bucket CORS rule allowing every origin, the methods below, any request header and exposing
// ETag would send. A browser needs ETag to complete a multipart upload it made with presigned part URLs.
function corsHeaders(req) {
  const origin = req.headers.origin;
  return {
    "access-control-allow-origin": origin ?? "*",
    "access-control-allow-methods": "GET, PUT, POST, HEAD, DELETE",
    "access-control-expose-headers": "ETag",
    "access-control-max-age": "600",
    // The answer depends on the Origin; a cache between the browser and us must not serve it to another page.
    ...(origin ? { vary: "Origin" } : {}),
  };
}

// Runs before fauxqs (Fastify) sees the request. A preflight is answered here, as S3 answers it, with 200 and
// no body; any other request gets the CORS headers set on the response, which Node merges into the headers
// Fastify writes later (Fastify's own headers win on a clash, and it sets no CORS header).
function handleCors(req, res) {
  if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
    const requested = req.headers["access-control-request-headers"];
    res.writeHead(200, {
      ...corsHeaders(req),
      ...(requested ? { "access-control-allow-headers": requested } : {}),
      vary: "Origin, Access-Control-Request-Headers, Access-Control-Request-Method",
      "content-length": "0",
    });
    res.end();
    return true;
  }
  for (const [name, value] of Object.entries(corsHeaders(req))) {
    res.setHeader(name, value);
  }
  return false;
}

// S3's answer to a PUT with "If-None-Match: *" on a key that exists.
const preconditionFailed =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
  "<Message>At least one of the pre-conditions you specified did not hold</Message>" +
  "<Condition>If-None-Match</Condition></Error>";

// Per key, the tail of the chain of conditional PUTs waiting for it: each runs after the one before ended, so a
// check and the write it allows cannot interleave with another writer's.
const keyLocks = new Map();

// One kept-alive connection pool for the probes: a new loopback connection per conditional PUT would cost the
// emulator more than the write itself.
const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function headStatus(port, path) {
  return new Promise((resolve) => {
    const probe = http.request({ host: "127.0.0.1", port, path, method: "HEAD", agent: probeAgent }, (answer) => {
      answer.resume();
      resolve(answer.statusCode);
    });
    probe.on("error", () => resolve(0));
    probe.end();
  });
}

// Returns true when it answered the request itself (412); otherwise it calls pass() once it may go on.
function enforceIfNoneMatch(req, res, pass) {
  if (!ifNoneMatch || req.method !== "PUT" || (req.headers["if-none-match"] ?? "").trim() !== "*") {
    pass();
    return;
  }
  const path = req.url.split("?")[0];
  const previous = keyLocks.get(path) ?? Promise.resolve();
  let release;
  const mine = new Promise((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  keyLocks.set(path, tail);
  const done = () => {
    release();
    if (keyLocks.get(path) === tail) keyLocks.delete(path);
  };
  // Listened for from the start, not only once the write is passed on: a writer that dies while it waits or while
  // its key is probed (a worker killed with kill -9 in the middle of a completion record's PUT) closes the
  // response before it was passed on, and a listener added after that would never fire and keep the key locked
  // for every later writer. done() may run twice; the second run changes nothing.
  res.on("finish", done);
  res.on("close", done);
  previous.then(async () => {
    if (res.destroyed) return;
    // The body stays buffered in the paused request stream meanwhile.
    const status = await headStatus(req.socket.localPort, path);
    if (res.destroyed) return;
    if (status === 200) {
      res.writeHead(412, { "content-type": "application/xml", "content-length": Buffer.byteLength(preconditionFailed) });
      res.end(preconditionFailed);
      req.resume();
      return;
    }
    pass();
  });
}

// startFauxqs() creates its HTTP server inside and does not hand it out; its listen call is the one place where
// this launcher can reach it: there it rewrites the hard-coded host "0.0.0.0" on its way to the socket and puts
// the CORS handling in front of Fastify's request listener. Everything else passes through untouched.
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listen(...args) {
  const first = args[0];
  if (first !== null && typeof first === "object" && first.host === "0.0.0.0") {
    args[0] = { ...first, host: bindHost };
    if ((cors || ifNoneMatch) && this instanceof http.Server) {
      const fastifyHandlers = this.listeners("request");
      this.removeAllListeners("request");
      this.on("request", (req, res) => {
        if (cors && handleCors(req, res)) return;
        enforceIfNoneMatch(req, res, () => {
          for (const handler of fastifyHandlers) handler.call(this, req, res);
        });
      });
    }
  }
  return originalListen.apply(this, args);
};

// fauxqs 2.4.1 bug: when a message goes back to the queue at once (ChangeMessageVisibility with
// VisibilityTimeout 0), SqsQueue.changeVisibility first takes it out of the in-flight set, then calls
// PersistenceManager.updateMessageReady, which runs its in-flight UPDATE with every value NULL, including
// approximate_receive_count, a NOT NULL column. SQLite refuses; the exception ends changeVisibility before it
// puts the message back among the ready ones, so the message is gone from memory (the SDK's retry then gets
// MessageNotInflight) and, in the database, still marked in flight. What the method means to do is forget the
// receipt handle and the visibility deadline only; the receive count must stay, as it does in memory and as it
// does when fauxqs itself clears an expired deadline on load. Replaced only while fauxqs still has the faulty
// statement, so a fauxqs that fixes it runs its own code.
async function fixReleaseToReadyPersistence() {
  const { PersistenceManager } = await import(pathToFileURL(path.join(distDir, "persistence.js")).href);
  const original = PersistenceManager?.prototype?.updateMessageReady;
  if (typeof original !== "function" || !/run\(\s*null,\s*null,\s*null,\s*null,/.test(original.toString())) {
    return;
  }
  const statements = new WeakMap();
  PersistenceManager.prototype.updateMessageReady = function updateMessageReady(messageId) {
    let statement = statements.get(this);
    if (!statement) {
      statement = this.db.prepare(
        "UPDATE sqs_messages SET receipt_handle = NULL, visibility_deadline = NULL WHERE message_id = ?");
      statements.set(this, statement);
    }
    statement.run(messageId);
  };
}

const port = Number.parseInt(env.FAUXQS_PORT || "0", 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fauxqs: FAUXQS_PORT='${env.FAUXQS_PORT}' is not a port number`);
  process.exit(2);
}

let server;
try {
  await fixReleaseToReadyPersistence();
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
