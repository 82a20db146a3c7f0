/** The firm population as typed arrays (no Node.js dependencies). */
export interface Population {
  /** Index into the cluster list; clusters.length = outside every cluster. */
  cluster: Int32Array;
  sector: Uint8Array;
  age: Float64Array;
  employees: Float64Array;
  researchers: Float64Array;
  sales: Float64Array;
  rnd: Float64Array;
  collaborating: Uint8Array;
  exporter: Uint8Array;
  preRevenue: Uint8Array;
  innovated: Uint8Array;
  patents: Float64Array;
  fundingObtained: Float64Array;
  /** Survey row each firm was drawn from (for traceability). */
  donor: Int32Array;
  size: number;
}

export function emptyPopulation(n: number): Population {
  return {
    cluster: new Int32Array(n),
    sector: new Uint8Array(n),
    age: new Float64Array(n),
    employees: new Float64Array(n),
    researchers: new Float64Array(n),
    sales: new Float64Array(n),
    rnd: new Float64Array(n),
    collaborating: new Uint8Array(n),
    exporter: new Uint8Array(n),
    preRevenue: new Uint8Array(n),
    innovated: new Uint8Array(n),
    patents: new Float64Array(n),
    fundingObtained: new Float64Array(n),
    donor: new Int32Array(n),
    size: n,
  };
}

