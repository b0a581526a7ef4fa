// The text of each PDF as pdf.js gives it (Firefox's viewer, and the text layer a browser hands to a screen
// reader): the items of each page joined in order, a newline where pdf.js ends a line, pages apart.
//     node tests/pdfjs_text.mjs PDFJS_DIST_FOLDER FILE.pdf...   → {"FILE.pdf": "text", ...} on stdout
import fs from "fs";
import path from "path";
import { pathToFileURL } from "url";

const [dist, ...files] = process.argv.slice(2);
const { getDocument } = await import(pathToFileURL(path.join(dist, "legacy", "build", "pdf.mjs")).href);
const out = {};
for (const file of files) {
  const doc = await getDocument({
    data: new Uint8Array(fs.readFileSync(file)), verbosity: 0, useSystemFonts: false,
    cMapUrl: path.join(dist, "cmaps") + "/", cMapPacked: true,
    standardFontDataUrl: path.join(dist, "standard_fonts") + "/",
  }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    for (const item of (await (await doc.getPage(i)).getTextContent()).items) {
      if ("str" in item) text += item.str + (item.hasEOL ? "\n" : "");
    }
    text += "\n";
  }
  out[file] = text;
}
process.stdout.write(JSON.stringify(out));
