import { vi } from "vitest";
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
