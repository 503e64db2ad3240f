// The deployment's params, checked with the configuration's schema before the framework packages
// or deploys anything.

export { formatHours, periodOfSchedule } from "./schedule-period.js";
