// Reads a server-sent event stream on stdin (curl -N .../events) and prints one line per job event, so the
// demo shows the job moving. Exits 0 after a terminal event, 1 if the stream ends before one.
// Node is there whenever npm is, which the demo needs anyway; no jq or python required.
import readline from "node:readline";

const terminal = new Set(["succeeded", "failed", "cancelled", "expired"]);
let event = "message";
let lastPercent = -1;
const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  if (line.startsWith("event:")) {
    event = line.slice(6).trim();
    return;
  }
  if (!line.startsWith("data:")) {
    return;
  }
  const view = JSON.parse(line.slice(5));
  const percent = view.progress == null ? null : Math.round(view.progress * 100);
  if (event === "progress" && percent === lastPercent) {
    return;
  }
  lastPercent = percent ?? lastPercent;
  const bar = percent == null ? "" : ` [${"#".repeat(Math.round(percent / 5)).padEnd(20, ".")}] ${percent}%`;
  console.log(`    job ${view.state}${bar}${view.message ? ` ${view.message}` : ""}`);
  if (terminal.has(view.state)) {
    process.exit(0);
  }
});
rl.on("close", () => process.exit(1));
