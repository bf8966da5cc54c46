// Renders the OCR result's blocks (result.json "blocks", issue 29): the page's titles, paragraphs, columns and
// side-bars in reading order, each with its lines. Kept apart from app.js, which follows the job; results written
// before blocks existed have none, and then nothing is shown here.
"use strict";

function renderBlocks(container, result) {
  container.replaceChildren();
  const blocks = result.blocks ?? [];
  const textLines = result.textLines ?? [];
  container.hidden = blocks.length === 0;
  blocks.forEach((block, index) => {
    const section = document.createElement("section");
    section.className = "block";
    section.dataset.text = block.text;
    const heading = document.createElement("h3");
    heading.textContent = `Block ${index + 1}`;
    const where = document.createElement("span");
    where.className = "muted";
    where.textContent = ` at ${block.box.x}, ${block.box.y} (${block.box.width} × ${block.box.height} px)`;
    heading.append(where);
    const lines = document.createElement("ol");
    for (const lineIndex of block.textLines ?? []) {
      const line = textLines[lineIndex];
      if (!line) continue;
      const item = document.createElement("li");
      item.textContent = line.text;
      lines.append(item);
    }
    section.append(heading, lines);
    container.append(section);
  });
}
