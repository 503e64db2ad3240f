// The import rules `npm test` holds the code to (dependency-cruiser; ../shared/DESIGN.md gives the
// layers). TypeScript is parsed with swc: dependency-cruiser reads TypeScript through the compiler
// API, which TypeScript 7 no longer has.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A cycle ties its modules into one: none can be read, tested or moved alone.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-not-functions",
      comment: "functions/ wires lib/ into entry points; lib/ never reaches back up.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^functions/" },
    },
    {
      name: "openai-not-sweep",
      comment: "The Admin API client knows nothing of the sweep that uses it.",
      severity: "error",
      from: { path: "^lib/openai/" },
      to: { path: "^lib/(sweep|report|notify|cli|simulator|job|config)/" },
    },
    {
      name: "sweep-below-report",
      comment:
        "The sweep decides and acts; it knows nothing of how a run is reported or configured.",
      severity: "error",
      from: { path: "^lib/sweep/" },
      to: { path: "^lib/(job|cli|report|notify|config|simulator)/" },
    },
    {
      name: "notify-below-report",
      comment:
        "Warning tiers are pure decisions over certificates, below the report that uses them.",
      severity: "error",
      from: { path: "^lib/notify/" },
      to: { path: "^lib/(job|cli|report|config|simulator|openai)/" },
    },
    {
      name: "report-below-job",
      comment:
        "The report is built from a sweep's result; it never reaches the run, the CLI or the API.",
      severity: "error",
      from: { path: "^lib/report/" },
      to: { path: "^lib/(job|cli|config|simulator|openai)/" },
    },
    {
      name: "job-below-cli",
      comment: "One run serves the Lambda and the CLI alike, so it knows neither.",
      severity: "error",
      from: { path: "^lib/job/" },
      to: { path: "^lib/(cli|simulator)/" },
    },
    {
      name: "config-imports-leaves-only",
      comment: "The configuration is read first and depends on nothing of the product.",
      severity: "error",
      from: { path: "^lib/config/" },
      to: { path: "^lib/", pathNot: "^lib/(config/|redact\\.ts$)" },
    },
    {
      name: "deploy-imports-config-only",
      comment:
        "The deployment's check validates params with the configuration's schema and nothing else of the product.",
      severity: "error",
      from: { path: "^lib/deploy/" },
      to: { path: "^lib/", pathNot: "^lib/(deploy/|config/|redact\\.ts$)" },
    },
    {
      name: "deploy-only-for-its-entry",
      comment:
        "Only the framework's check (functions/deploy-settings.ts) runs the deployment's check.",
      severity: "error",
      from: { path: "^(functions|lib)/", pathNot: "^(functions/deploy-settings\\.ts|lib/deploy/)" },
      to: { path: "^lib/deploy/" },
    },
    {
      name: "certs-import-nothing",
      comment: "Reading a PEM needs node:crypto and nothing of the product.",
      severity: "error",
      from: { path: "^lib/certs/" },
      to: { path: "^lib/", pathNot: "^lib/certs/" },
    },
    {
      name: "leaves-import-leaves-only",
      comment: "The files at lib/'s top are leaves: any layer may use them, so they use no layer.",
      severity: "error",
      from: { path: "^lib/[^/]+\\.ts$" },
      to: { path: "^lib/[^/]+/" },
    },
    {
      name: "lambda-not-cli-simulator-or-tests",
      comment:
        "Nothing the Lambda reaches, even indirectly, is the CLI, the simulator, the deployment's check or the tests.",
      severity: "error",
      from: { path: "^functions/sweep\\.ts$" },
      to: { path: "^(lib/simulator|lib/cli|lib/deploy|test)/", reachable: true },
    },
    {
      name: "errors-import-nothing",
      comment: "lib/errors.ts imports nothing, so that any module can throw its errors.",
      severity: "error",
      from: { path: "^lib/errors\\.ts$" },
      to: {},
    },
    {
      name: "simulator-only-for-the-cli-and-tests",
      comment: "The Lambda bundle must not carry the simulator; only the CLI's demo starts it.",
      severity: "error",
      from: { path: "^(functions|lib)/", pathNot: "^(functions/cli\\.ts|lib/cli/|lib/simulator/)" },
      to: { path: "^lib/simulator/" },
    },
    {
      name: "shipped-code-not-tests",
      comment: "Nothing that ships imports the tests or their support.",
      severity: "error",
      from: { path: "^(functions|lib)/" },
      to: { path: "^test/" },
    },
  ],
  options: {
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist)/" },
  },
};
