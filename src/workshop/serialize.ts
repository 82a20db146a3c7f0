/**
 * A model setup as JSON and back, so the browser can run exactly the model
 * the CLI runs (typed arrays are tagged with their type).
 */
import type { ModelSetup } from "../model/types";

type Tagged = { __t: "f64" | "i32" | "u8"; d: number[] };

export function setupToJson(setup: ModelSetup): string {
  return JSON.stringify(setup, (_k, v) => {
    if (v instanceof Float64Array) return { __t: "f64", d: Array.from(v) };
    if (v instanceof Int32Array) return { __t: "i32", d: Array.from(v) };
    if (v instanceof Uint8Array) return { __t: "u8", d: Array.from(v) };
    if (v instanceof Int8Array) return { __t: "i8", d: Array.from(v) };
    return v;
  });
}

export function setupFromJson(json: string): ModelSetup {
  return JSON.parse(json, (_k, v) => {
    if (v && typeof v === "object" && "__t" in v) {
      const t = v as Tagged & { __t: string };
      if (t.__t === "f64") return Float64Array.from(t.d);
      if (t.__t === "i32") return Int32Array.from(t.d);
      if (t.__t === "u8") return Uint8Array.from(t.d);
      if (t.__t === "i8") return Int8Array.from(t.d);
    }
    return v;
  }) as ModelSetup;
}
