/**
 * One formatting layer for tables, figures, the report, notebooks and the
 * workshop: numbers with units and the label dictionary.
 */
export * from "./number";
export * from "./labels";
