// Prints the finished job (GET /api/jobs/{id}) the way the demo reports it; exits 1 unless it succeeded with text.
let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", () => {
  const view = JSON.parse(text);
  const wallSeconds = Number(process.argv[2]);
  if (view.state !== "succeeded" || !view.result) {
    const error = view.error ? `${view.error.code}: ${view.error.message}` : "no result";
    console.log(`The job ended as ${view.state} (${error}).`);
    process.exit(1);
  }
  const r = view.result;
  const fmt = (s) => (s == null ? "?" : `${s.toFixed(2)} s`);
  console.log("");
  console.log("Recognised text:");
  for (const line of r.lines) {
    console.log(`    ${line.text}    (${Math.round(line.confidence * 100)}%)`);
  }
  console.log("");
  console.log(`Result location: ${r.location}  (result.json, overlay.png)`);
  console.log(`Time taken:      ${fmt(wallSeconds)} end to end (queue ${fmt(r.queueSeconds)}, OCR ${fmt(r.runSeconds)} on ${r.executionProvider ?? "?"})`);
  process.exit(r.lines.length > 0 ? 0 : 1);
});
