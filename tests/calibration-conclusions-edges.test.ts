/**
 * The conclusions' rules at their edges, on hand-made numbers: the robustness threshold exactly at 80 % (a share of
 * 4 of 5 or 8 of 10 draws is robust, one draw fewer is not). calibration-conclusions-rules.test.ts checks the claims
 * and the deciders; its small run has 4 draws, whose shares (quarters) never fall on 80 %.
 */
import { describe, expect, test } from "vitest";
import { isRobust, ROBUST_SHARE } from "../src/calibration/conclusions";

describe("robustness threshold", () => {
  test("holding in exactly 80 % of draws is robust; just under is not", () => {
    expect(ROBUST_SHARE).toBe(0.8);
    expect(isRobust(4 / 5)).toBe(true);
    expect(isRobust(8 / 10)).toBe(true);
    expect(isRobust(80 / 100)).toBe(true);
    expect(isRobust(3 / 5)).toBe(false);
    expect(isRobust(79 / 100)).toBe(false);
    expect(isRobust(0.8 - 1e-12)).toBe(false);
    expect(isRobust(1)).toBe(true);
    expect(isRobust(0)).toBe(false);
  });
});
