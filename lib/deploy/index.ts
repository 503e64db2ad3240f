// The deployment's params, checked with the configuration's own schema before the framework
// packages or deploys anything.

export { type CheckedSettings, checkDeployment } from "./check.js";
export { CHECKED_PARAMS } from "./params.js";
export { formatHours, periodOfSchedule } from "./schedule-period.js";
