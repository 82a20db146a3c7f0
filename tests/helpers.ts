import { expect, vi } from "vitest";
import { UserError } from "../src/errors";

/** The message of the UserError `fn` throws; fails the test if it throws anything else or nothing. */
export function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  }
  throw new Error("expected a UserError");
}

/** The message of the UserError a promise rejects with. */
export async function asyncUserError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  }
  throw new Error("expected a UserError");
}

/** Captures console.log and console.error lines (restore with vi.restoreAllMocks in afterEach). */
export function captured(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((s: unknown) => void out.push(String(s)));
  vi.spyOn(console, "error").mockImplementation((s: unknown) => void err.push(String(s)));
  return { out, err };
}

/**
 * The UserError a call throws, in its parts: what went wrong (the message without the file in front and the hint
 * after), the hint and the file. Fails unless the message is exactly "<file>: <what> <hint>".
 */
export function refusal(fn: () => unknown): { message: string; hint: string; file: string } {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const hint = e.hint ?? "";
    const file = e.location.file ?? "";
    const prefix = file === "" ? "" : `${file}: `;
    const suffix = hint === "" ? "" : ` ${hint}`;
    expect(e.message.startsWith(prefix) && e.message.endsWith(suffix), e.message).toBe(true);
    return { message: e.message.slice(prefix.length, e.message.length - suffix.length), hint, file };
  }
  throw new Error("expected a UserError");
}
