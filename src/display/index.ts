export { show, showHtml, markdown, bundleFor, plainText, resetPlotlyInjection, type ShowOptions } from "./show";
export { progress, progressText, progressHtml, type Progress, type ProgressOptions } from "./progress";
export { figureBundle, figureHtml, figureText, isFigure, plotlyLoaderHtml, plotlyJsVersion, PLOTLY_MIME, type Figure } from "./figure";
export { tableHtml, tableText, formatCell, isFrameLike, isRecordArray, frameToRecords, type Row, type TableOptions } from "./table";
export { setDisplaySink, currentSink, inTslabKernel, type DisplaySink, type MimeBundle, type SinkOptions } from "./kernel";
