export { readTable, readCsvFile, parseCsv, toRecords, parseNumber, type RawTable, type Record_, type CellValue } from "./csv";
export { toDataFrame, danfojs } from "./frame";
