/** The firm population as typed arrays (no Node.js dependencies): derived from the firm-column table. */
export { emptyPopulation, copyFirm, type Population } from "./columns";
