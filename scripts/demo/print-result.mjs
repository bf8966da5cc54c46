// Prints the finished job (GET /api/jobs/{id}) the way the demo reports it, reading the OCR text from the job's
// result.json output through its download link; exits 1 unless it succeeded with text.
let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", async () => {
  const view = JSON.parse(text);
  const wallSeconds = Number(process.argv[2]);
  const resultJson = (view.outputs ?? []).find((o) => o.name === "result.json");
  if (view.state !== "succeeded" || !resultJson) {
    const error = view.error ? `${view.error.code}: ${view.error.message}` : "no result.json";
    console.log(`The job ended as ${view.state} (${error}).`);
    process.exit(1);
  }
  const r = await (await fetch(resultJson.url)).json();
  const fmt = (s) => (s == null ? "?" : `${s.toFixed(2)} s`);
  console.log("");
  console.log("Recognised text:");
  for (const line of r.lines) {
    console.log(`    ${line.text}    (${Math.round(line.confidence * 100)}%)`);
  }
  console.log("");
  const location = resultJson.location.slice(0, resultJson.location.lastIndexOf("/") + 1);
  console.log(`Result location: ${location}  (result.json, overlay.png)`);
  console.log(`Time taken:      ${fmt(wallSeconds)} end to end (queue ${fmt(view.queueSeconds)}, OCR ${fmt(view.runSeconds)} on ${r.executionProvider ?? "?"})`);
  process.exit(r.lines.length > 0 ? 0 : 1);
});
