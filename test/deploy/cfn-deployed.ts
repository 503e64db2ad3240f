import * as v from "valibot";
import { intrinsic, type Template } from "./cfn.js";

const NO_VALUE = Symbol("AWS::NoValue");
const PropertiesSchema = v.record(v.string(), v.unknown());

/** Where the template is deployed: the values of CloudFormation's pseudo parameters. */
export interface Deployment {
  region: string;
  accountId: string;
}

/**
 * The template as CloudFormation applies it in `deployment` when every parameter keeps its
 * default, which is what the framework deploys (it passes no parameter values): conditions
 * evaluated, `Fn::If` resolved, `AWS::NoValue` dropped, parameters and pseudo parameters replaced
 * by their values, `Fn::Sub`, `Fn::Join`, `Fn::Select` and `Fn::Split` computed where every input
 * is known, and the resources and outputs whose condition is false removed. References to
 * resources (`Ref`, `Fn::GetAtt`) stay as written, to be compared as such.
 */
export function deployedTemplate(template: Template, deployment: Deployment): Template {
  const values = new Map<string, string | undefined>([
    ...Object.entries(template.Parameters).map(([name, p]) => [name, p.Default] as const),
    ["AWS::Region", deployment.region],
    ["AWS::AccountId", deployment.accountId],
    ["AWS::Partition", "aws"],
    ["AWS::URLSuffix", "amazonaws.com"],
  ]);
  const conditions = new Map<string, boolean>();

  const condition = (name: string): boolean => {
    const known = conditions.get(name);
    if (known !== undefined) return known;
    if (!(name in template.Conditions)) throw new Error(`No condition ${name}`);
    const value = evaluate(template.Conditions[name]);
    conditions.set(name, value);
    return value;
  };

  function evaluate(node: unknown): boolean {
    const [fn, args] = intrinsic(node);
    if (fn === "Condition" && typeof args === "string") return condition(args);
    if (fn === "Fn::Not" && Array.isArray(args)) return !evaluate(args[0]);
    if (fn === "Fn::And" && Array.isArray(args)) return args.every(evaluate);
    if (fn === "Fn::Or" && Array.isArray(args)) return args.some(evaluate);
    if (fn === "Fn::Equals" && Array.isArray(args)) {
      const [a, b] = args.map(resolve);
      if (typeof a === "string" && typeof b === "string") return a === b;
    }
    throw new Error(`Cannot evaluate the condition ${JSON.stringify(node)}`);
  }

  function resolve(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(resolve).filter((item) => item !== NO_VALUE);
    if (typeof node !== "object" || node === null) return node;
    const [fn, args] = intrinsic(node);
    if (fn === "Fn::If" && Array.isArray(args) && typeof args[0] === "string") {
      return resolve(condition(args[0]) ? args[1] : args[2]);
    }
    if (fn === "Ref" && args === "AWS::NoValue") return NO_VALUE;
    if (fn === "Ref" && typeof args === "string" && values.has(args)) return values.get(args);
    const resolved = Object.fromEntries(
      Object.entries(node)
        .map(([key, value]) => [key, resolve(value)] as const)
        .filter(([, value]) => value !== NO_VALUE),
    );
    return fn === undefined ? resolved : (compute(fn, resolved[fn]) ?? resolved);
  }

  // The string functions, once their arguments are literal; undefined leaves them as written.
  function compute(fn: string, args: unknown): unknown {
    if (fn === "Fn::Sub") {
      const [text, extra] = typeof args === "string" ? [args, {}] : Array.isArray(args) ? args : [];
      if (typeof text !== "string" || typeof extra !== "object" || extra === null) return undefined;
      const known = new Map([...values, ...Object.entries(extra)]);
      let complete = true;
      const result = text.replace(/\$\{(!?)([^}]+)\}/g, (whole, bang: string, name: string) => {
        if (bang) return `\${${name}}`;
        const value = known.get(name);
        if (typeof value === "string") return value;
        complete = false;
        return whole;
      });
      return complete ? result : undefined;
    }
    if (!Array.isArray(args)) return undefined;
    const [first, second] = args;
    if (fn === "Fn::Split" && typeof first === "string" && typeof second === "string") {
      return second.split(first);
    }
    if (fn === "Fn::Select" && typeof first === "number" && Array.isArray(second)) {
      return second[first];
    }
    if (
      fn === "Fn::Join" &&
      typeof first === "string" &&
      Array.isArray(second) &&
      second.every((part) => typeof part === "string")
    ) {
      return second.join(first);
    }
    return undefined;
  }

  const kept = <T extends { Condition?: string | undefined }>(items: Record<string, T>) =>
    Object.entries(items).filter(
      ([, item]) => item.Condition === undefined || condition(item.Condition),
    );

  return {
    ...template,
    Resources: Object.fromEntries(
      kept(template.Resources).map(([id, found]) => [
        id,
        { ...found, Properties: v.parse(PropertiesSchema, resolve(found.Properties)) },
      ]),
    ),
    Outputs: Object.fromEntries(
      kept(template.Outputs).map(([id, output]) => [
        id,
        { ...output, Value: resolve(output.Value) },
      ]),
    ),
  };
}

/** What CloudFormation assigns when it creates a KMS key; any key id has this shape. */
const KMS_KEY_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

/**
 * The ARN a policy's `Resource` stands for once deployed, for the references the templates use:
 * `Ref` to a topic and `Fn::GetAtt … Arn` of a log group, queue, KMS key or function, as the
 * CloudFormation reference documents their return values (a log group's ARN ends in `:*`, for
 * its log streams). Resolve the template with `deployedTemplate` first, so names are literal.
 */
export function deployedArn(template: Template, node: unknown, deployment: Deployment): string {
  if (typeof node === "string") return node;
  const [fn, args] = intrinsic(node);
  const id =
    fn === "Ref"
      ? args
      : fn === "Fn::GetAtt" && Array.isArray(args) && args[1] === "Arn"
        ? args[0]
        : undefined;
  const found = typeof id === "string" ? template.Resources[id] : undefined;
  const name = (key: string) => v.parse(v.string(), found?.Properties[key]);
  const prefix = (service: string) =>
    `arn:aws:${service}:${deployment.region}:${deployment.accountId}`;
  switch (`${fn} ${found?.Type}`) {
    case "Ref AWS::SNS::Topic":
      return `${prefix("sns")}:${name("TopicName")}`;
    case "Fn::GetAtt AWS::Logs::LogGroup":
      return `${prefix("logs")}:log-group:${name("LogGroupName")}:*`;
    case "Fn::GetAtt AWS::SQS::Queue":
      return `${prefix("sqs")}:${name("QueueName")}`;
    case "Fn::GetAtt AWS::KMS::Key":
      return `${prefix("kms")}:key/${KMS_KEY_ID}`;
    case "Fn::GetAtt AWS::Lambda::Function":
      return `${prefix("lambda")}:function:${name("FunctionName")}`;
    default:
      throw new Error(`No known ARN for ${JSON.stringify(node)}`);
  }
}
