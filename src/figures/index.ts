export { provenanceBar, provenanceMatrix, demandFigure, STATUS_COLOURS } from "./data";
