// A local stand-in for an S3 bucket's CORS rule: a tiny reverse proxy in front of the emulator that answers the
// browser's CORS preflight and adds Access-Control-Allow-Origin to every response.
//
// Why: on AWS a bucket that browsers upload to through presigned URLs needs a CORS configuration (see
// docs/getting-started.md); the local emulator (fauxqs 2.4.1) has none and answers OPTIONS with 404, so a
// browser on the backend's origin could not PUT to it. Requests and bodies pass through unchanged, so the AWS
// SDK and the presigned URLs work the same through it. Local development and tests only.
//
//   node s3-cors-proxy.mjs http://127.0.0.1:<emulator port>
// Prints "s3-cors-proxy listening on http://127.0.0.1:<port>". With S3_CORS_PROXY_EXIT_WITH_STDIN=1 it also exits
// when its stdin closes, so that it dies with a test process that crashed.
import http from "node:http";

const target = new URL(process.argv[2] ?? "");
const port = Number.parseInt(process.env.S3_CORS_PROXY_PORT ?? "0", 10);

function corsHeaders(req) {
  return {
    "access-control-allow-origin": req.headers.origin ?? "*",
    "access-control-allow-methods": "GET, PUT, POST, HEAD, DELETE",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
    "access-control-expose-headers": "ETag, x-amz-version-id",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

const server = http.createServer((req, res) => {
  if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
    res.writeHead(204, corsHeaders(req));
    res.end();
    return;
  }
  const upstream = http.request(
    { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...corsHeaders(req) });
      answer.pipe(res);
    },
  );
  upstream.on("error", (error) => {
    res.writeHead(502, { "content-type": "text/plain", ...corsHeaders(req) });
    res.end(`s3-cors-proxy: ${error.message}`);
  });
  req.pipe(upstream);
});

server.listen(port, "127.0.0.1", () => {
  console.log(`s3-cors-proxy listening on http://127.0.0.1:${server.address().port}`);
});
if (process.env.S3_CORS_PROXY_EXIT_WITH_STDIN === "1") {
  process.stdin.resume();
  process.stdin.on("end", () => process.exit(0));
}
