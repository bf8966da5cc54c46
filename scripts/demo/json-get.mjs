// Prints fields of a JSON document read from stdin, one per line: node json-get.mjs jobId upload.url ...
// A missing field prints an empty line. Used by demo.sh instead of jq, which fresh machines often lack.
let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", () => {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    console.error(`not JSON: ${text.slice(0, 300)}`);
    process.exit(2);
  }
  for (const path of process.argv.slice(2)) {
    const value = path.split(".").reduce((v, k) => (v == null ? undefined : v[k]), doc);
    console.log(value == null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
  }
});
