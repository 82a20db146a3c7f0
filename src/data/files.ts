/**
 * Reading an input file as text with a size cap checked before (and while)
 * reading, so a huge file, `/dev/zero` or a never-ending pipe is refused with
 * the numbers instead of exhausting memory, and with encodings that are not
 * UTF-8 (UTF-16, EUC-KR) named instead of showing up as odd parse errors.
 */
import * as fs from "node:fs";
import { ResourceError, UserError } from "../errors";
import { formatBytes } from "./output-folder";

export interface ReadTextOptions {
  /** The most bytes the file may have. */
  maxBytes: number;
  /** What the file is, for messages: "CSV file", "policy mix", … */
  kind: string;
  /** The sentence when the file does not exist. */
  missing?: string;
  missingHint?: string;
}

const CHUNK = 1 << 20;

export function readTextCapped(file: string, o: ReadTextOptions): string {
  const where = { location: { file } };
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(o.missing ?? "The file does not exist.", { ...where, hint: o.missingHint ?? "Check the path and the file name.", cause: e });
    if (code === "EISDIR") throw new UserError("This is a folder, not a file.", { ...where, hint: `Give the path of a ${o.kind}.`, cause: e });
    if (code === "EACCES") throw new UserError("The file cannot be read (permission denied).", { ...where, hint: "Check the file's permissions.", cause: e });
    throw new UserError(`The file could not be opened (${code ?? String(e)}).`, { ...where, cause: e });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new UserError("This is a folder, not a file.", { ...where, hint: `Give the path of a ${o.kind}.` });
    if (st.isFile() && st.size > o.maxBytes) {
      throw new ResourceError(`The file is ${formatBytes(st.size)}, over the limit of ${formatBytes(o.maxBytes)} for a ${o.kind}.`, { ...where, hint: "Split it, or keep only the columns and rows you need." });
    }
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, CHUNK, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EISDIR") throw new UserError("This is a folder, not a file.", { ...where, hint: `Give the path of a ${o.kind}.`, cause: e });
        throw new UserError(`The file could not be read (${code ?? String(e)}).`, { ...where, cause: e });
      }
      if (n === 0) break;
      total += n;
      if (total > o.maxBytes) {
        throw new ResourceError(`The input goes on beyond ${formatBytes(o.maxBytes)}, the limit for a ${o.kind}.`, { ...where, hint: "Give a regular file of a sensible size (a device or endless stream cannot be read)." });
      }
      chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  const bytes = Buffer.concat(chunks, total);
  return decodeUtf8(bytes, file, o.kind);
}

/** UTF-8 text (a BOM is kept for the CSV parser to drop); UTF-16 and invalid UTF-8 are named with the remedy. */
export function decodeUtf8(bytes: Buffer, file: string, kind: string): string {
  const where = { location: { file } };
  const saveAs = `Save the ${kind} as UTF-8 (in Excel: "CSV UTF-8"; in a text editor: encoding UTF-8).`;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UserError("The file is encoded as UTF-16, not UTF-8.", { ...where, hint: saveAs });
  }
  const head = bytes.subarray(0, 4096);
  const nul = head.indexOf(0);
  if (nul >= 0) {
    throw new UserError(`The file contains NUL bytes (line ${lineAt(bytes, nul)}), so it is UTF-16 or binary, not UTF-8 text.`, { ...where, hint: saveAs });
  }
  const text = bytes.toString("utf8");
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0 && !bytes.includes(Buffer.from("\uFFFD", "utf8"))) {
    const line = text.slice(0, bad).split("\n").length;
    throw new UserError(`The file is not valid UTF-8 text (line ${line}); it may be saved in a Korean encoding such as EUC-KR/CP949.`, { ...where, hint: saveAs });
  }
  return text;
}

function lineAt(bytes: Buffer, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) n++;
  return n;
}
