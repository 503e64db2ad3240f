// The deployment's params, checked with the configuration's own schema before the framework
// packages or deploys anything.

export { type CheckedSettings, checkDeployment } from "./check.js";
export { DEPLOYMENT_FORMS } from "./deployment-forms.js";
export { CHECKED_PARAMS, DEPLOYMENT_PARAMS, SETTING_PARAMS, variableOf } from "./params.js";
export { formatHours, periodOfSchedule } from "./schedule-period.js";
export { settingForm, settingIssue } from "./setting-forms.js";
