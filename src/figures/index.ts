export { provenanceBar, provenanceMatrix, demandFigure, STATUS_COLOURS } from "./data";
export { rankingFigure, radarFigure, indicatorHeatmap, pillarScatter, sensitivityFigure } from "./index-figures";
export { coefficientPlot, marginalEffectsPlot } from "./estimation";
export { fanChart, differenceChart, differenceIntervalChart, clusterBars, costEffectivenessChart, firmTypeChart } from "./simulation";
