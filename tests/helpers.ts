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
