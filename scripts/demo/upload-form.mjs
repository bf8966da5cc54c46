// Uploads a file the browser's way: reads the answer of POST /api/jobs on stdin and posts the file to its presigned
// S3 form (every signed field, then the file). Exits 1 with S3's answer when the bucket refuses it.
// Usage: node upload-form.mjs IMAGE CONTENT_TYPE < created.json
import { readFile } from "node:fs/promises";
import { basename } from "node:path";

let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", async () => {
  const { upload } = JSON.parse(text);
  const [file, contentType] = process.argv.slice(2);
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) {
    form.append(name, value);
  }
  form.append("file", new Blob([await readFile(file)], { type: contentType }), basename(file));
  const response = await fetch(upload.url, { method: upload.method, body: form });
  if (!response.ok) {
    console.error(`S3 answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    process.exit(1);
  }
});
