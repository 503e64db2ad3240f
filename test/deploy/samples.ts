// Values to try a param's constraints with: the usual mistakes, the edges of every range the
// settings have, lists written every way, and values of the deployment's own params.
import fc from "fast-check";

const MISTAKES = ["", " ", "lots", "-1", "0", "500", "1.5", "TRUE", "True", "FALSE", "yes", "1e3"]
  .concat(["0x10", "+1", "1.", ".5", "1,5", "\u0663", "\t1", "1\n", " 8", "8 ", "08", "00", "NaN"])
  .concat(["true", "false", "always", "changes", "Always", "never", "monday", "Monday", "sunday"])
  .concat(["mon", "proj_a", "proj_a,proj_b", "proj_a, proj_b,", "proj_a ,proj_b", "proj_a,,proj_b"])
  .concat([",proj_a", "proj_a,", "proj_a , ", "proj_", "proj_a;proj_b", "PROJ_a", "proj_a b"])
  .concat(["30,7,3", "7, 3", "30,7,3,", "3.5,1", "7,,3", ",", "7 ,", " 7", "1.0000001,2"]);

// The bounds of the settings' ranges (0 to 3650 days, 1 to 20, 1 to 10000, 0.25 to 168 hours)
// and of the missed-run alarm's (1 to 168), each with fractions around its precision limit.
const WHOLES = [
  0, 1, 2, 9, 10, 19, 20, 21, 99, 100, 159, 160, 167, 168, 169, 999, 1000, 1999,
].concat([2000, 2999, 3000, 3599, 3600, 3649, 3650, 3651, 9999, 10000, 10001, 99999]);
const FRACTIONS = [
  "",
  ".",
  ".0",
  ".000000",
  ".0000000",
  ".000001",
  ".25",
  ".249999",
  ".2500000",
].concat([".2", ".24", ".26", ".3", ".5", ".999999", ".9999999", ".1234567"]);

const NUMBERS = WHOLES.flatMap((whole) =>
  FRACTIONS.flatMap((fraction) => [`${whole}${fraction}`, `0${whole}${fraction}`]),
);

const DEPLOYMENT = [
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-admin-AbCdEf",
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-admin",
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/openai_admin-AbCdEf",
  "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:openai-admin-AbCdEf",
  "arn:aws:secretsmanager:us-east-1:1234:secret:openai-admin-AbCdEf",
  "openai-admin",
  "sk-admin-0123456789",
  "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "arn:aws:kms:us-east-1:123456789012:alias/my-key",
  "ops@example.com",
  "ops example.com",
  "a@b@c",
  "arn:aws:sns:us-east-1:123456789012:ops-alarms",
  "arn:aws:sns:us-east-1:123456789012:ops-alarms.fifo",
  "arn:aws:sqs:us-east-1:123456789012:ops-alarms",
  "cron(0 6 * * ? *)",
  "cron(0 6 ? * MON-FRI *)",
  "cron(0/15 * * * ? *)",
  "cron(0 6 * * ?)",
  "cron(0 6 L * ? *)",
  "cron(0 6 ? * 6#3 *)",
  "cron(0  6 * * ? *)",
  "rate(1 hour)",
  "rate(1 hours)",
  "rate(6 hours)",
  "rate(6 hour)",
  "rate(0 minutes)",
  "rate(10 days)",
  "rate(1.5 hours)",
  "at(2026-12-01T06:00:00)",
  "at(2026-12-01 06:00:00)",
  "UTC",
  "Europe/Berlin",
  "America/Argentina/Buenos_Aires",
  "Etc/GMT+5",
  "EST5EDT",
  "Mars/Olympus_Mons",
  "Europe/",
  "/UTC",
  "+01:00",
  "Delete",
  "Retain",
  "90",
  "42",
];

/** Every sample, for any param: each is valid for some params and invalid for others. */
export const sampleValues = (): string[] => [...MISTAKES, ...NUMBERS, ...DEPLOYMENT];

const PIECES = [
  ..."0123456789",
  ".",
  ",",
  " ",
  "-",
  "+",
  "e",
  "_",
  "a",
  "B",
  "\t",
  "\u00a0",
].concat(["proj_", "true", "false", "TRUE", "monday", "always", "changes"]);
const ITEMS = ["proj_a", "proj_b-2", "proj_", "7", "0.5", "30", "x", ""];
const SEPARATORS = [",", ", ", " ,", " , ", ",,", "", " "];

/** Generated values: strings of the pieces settings are made of, numbers, and lists. */
export const generatedValues: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 8 }),
  fc
    .tuple(
      fc.constantFrom("", "0", "00"),
      fc.nat({ max: 12_000 }),
      fc.option(fc.stringMatching(/^[0-9]{0,8}$/)),
    )
    .map(
      ([zeros, whole, fraction]) => `${zeros}${whole}${fraction === null ? "" : `.${fraction}`}`,
    ),
  fc
    .array(fc.tuple(fc.constantFrom(...ITEMS), fc.constantFrom(...SEPARATORS)), { maxLength: 4 })
    .map((pairs) => pairs.map(([item, separator]) => `${item}${separator}`).join("")),
);
