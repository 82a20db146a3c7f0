/**
 * Headless Chromium for rendering and checking pages: Debian's chromium
 * driven by playwright-core (which never downloads a browser of its own).
 */
import * as fs from "node:fs";
import { UserError } from "../errors";

export function chromiumPath(): string {
  const candidates = [process.env["CHROMIUM_PATH"], "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new UserError("Chromium was not found, so pages cannot be rendered or checked in a real browser.", {
    hint: "Install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.",
  });
}

/** Flags for a root user on a machine with no network: no sandbox, no GPU, no background connections. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<import("playwright-core").Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
