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
      to: { path: "^lib/((sweep|report|notify|cli|simulator|job)/|config\\.ts$)" },
    },
    {
      name: "lambda-not-cli-simulator-or-tests",
      comment:
        "Nothing the Lambda reaches, even indirectly, is the CLI, the simulator or the tests.",
      severity: "error",
      from: { path: "^functions/sweep\\.ts$" },
      to: { path: "^(lib/simulator|lib/cli|test)/", reachable: true },
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
