// Checks an answer at runtime against a response type the official Cloudflare SDK declares in its .d.ts
// files (node_modules/cloudflare/resources/realtime-kit): every property the SDK declares as required is
// present, and every property present has the declared type (string, number, boolean, literal, array,
// object, null), recursively. Read with TypeScript's compiler API, so the SDK's own types are the spec.
import path from 'node:path';
import ts from 'typescript';

const dir = path.resolve(import.meta.dirname, '../../node_modules/cloudflare/resources/realtime-kit');
let program: ts.Program | undefined;

function load() {
  program ??= ts.createProgram(
    ['meetings', 'presets', 'active-session', 'recordings', 'sessions', 'webhooks'].map((f) =>
      path.join(dir, `${f}.d.ts`),
    ),
    // The response types are self-contained: no need to resolve the package's imports (seconds saved).
    { strict: true, noEmit: true, skipLibCheck: true, noResolve: true, types: [], lib: ['lib.es2020.d.ts'] },
  );
  return { program, checker: program.getTypeChecker() };
}

/** The problems of `value` against the SDK's exported type `name` of `file` (e.g. 'meetings'); [] when it fits. */
export function sdkTypeProblems(file: string, name: string, value: unknown): string[] {
  const { program, checker } = load();
  const source = program.getSourceFile(path.join(dir, `${file}.d.ts`));
  if (!source) throw new Error(`no ${file}.d.ts in the cloudflare package`);
  const symbol = checker.getSymbolAtLocation(source)?.exports?.get(ts.escapeLeadingUnderscores(name));
  if (!symbol) throw new Error(`${file}.d.ts exports no ${name}`);
  const problems: string[] = [];
  check(checker, checker.getDeclaredTypeOfSymbol(symbol), value, name, problems, 0);
  return problems;
}

function fits(checker: ts.TypeChecker, t: ts.Type, v: unknown, depth: number): boolean {
  const problems: string[] = [];
  check(checker, t, v, '', problems, depth);
  return problems.length === 0;
}

function check(
  checker: ts.TypeChecker,
  t: ts.Type,
  v: unknown,
  at: string,
  problems: string[],
  depth: number,
) {
  const F = ts.TypeFlags;
  if (depth > 12 || t.flags & (F.Any | F.Unknown)) return;
  const fail = (what: string) => problems.push(`${at}: expected ${what}, got ${JSON.stringify(v)}`);
  if (t.isUnion()) {
    // `X | null | undefined` with a value: report X's problems themselves.
    const present = t.types.filter((m) => !(m.flags & (F.Null | F.Undefined)));
    if (v != null && present.length === 1) return check(checker, present[0]!, v, at, problems, depth + 1);
    if (!t.types.some((m) => fits(checker, m, v, depth + 1))) fail(checker.typeToString(t));
    return;
  }
  if (t.flags & F.Null) return void (v === null || fail('null'));
  if (t.flags & F.Undefined) return void (v === undefined || fail('undefined'));
  if (t.isStringLiteral() || t.isNumberLiteral())
    return void (v === t.value || fail(JSON.stringify(t.value)));
  if (t.flags & F.BooleanLiteral)
    return void (String(v) === checker.typeToString(t) || fail(checker.typeToString(t)));
  if (t.flags & F.StringLike) return void (typeof v === 'string' || fail('a string'));
  if (t.flags & F.NumberLike) return void (typeof v === 'number' || fail('a number'));
  if (t.flags & F.BooleanLike) return void (typeof v === 'boolean' || fail('a boolean'));
  if (checker.isArrayType(t)) {
    if (!Array.isArray(v)) return fail('an array');
    const [item] = checker.getTypeArguments(t as ts.TypeReference);
    v.forEach((x, i) => check(checker, item!, x, `${at}[${i}]`, problems, depth + 1));
    return;
  }
  if (t.flags & F.Object) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('an object');
    const record = v as Record<string, unknown>;
    for (const prop of checker.getPropertiesOfType(t)) {
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      const value = record[prop.name];
      if (value === undefined) {
        if (!optional) problems.push(`${at}.${prop.name}: required by the SDK, missing`);
        continue;
      }
      check(checker, checker.getTypeOfSymbol(prop), value, `${at}.${prop.name}`, problems, depth + 1);
    }
  }
}
