export { calibrate, simulatedMomentsAt, type CalibrateOptions, type CalibrationResult, type CalibratedParameter, type MomentRow } from "./msm";
export { loadCalibrationData, type Moment, type CalibrationData } from "./moments";
export { MOMENT_NAMES, MOMENT_LABELS, type MomentName } from "./simulated";
export { writeCalibration, calibrationJson, momentsTableCsv, CALIBRATED_FILE, MOMENTS_TABLE_FILE } from "./output";
export { latinHypercube, nelderMead } from "./optim";
export { validate, drawCalibrated, type Validation, type BacktestRow, type MomentCheck } from "./validate";
export { conclusionRobustness, ROBUST_SHARE, type ConclusionRow } from "./conclusions";
