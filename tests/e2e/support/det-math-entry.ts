/**
 * The browser side of tests/e2e/det-math.test.ts, bundled by Vite (bundle.ts): evaluates
 * sim-core/des/det-math.ts, and the engine's own Math for comparison, over inputs given as
 * Float64 bit patterns (hex), and returns the outputs the same way. Node imports this module
 * too, so both sides run the very same code on the very same doubles.
 */
import * as det from '../../../sim-core/des/det-math.ts';

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
const HI = U32[1] === 0x3ff00000 ? 1 : 0;

/** The double with these 16 hex digits of bits. */
function fromHex(h: string): number {
  U32[HI] = parseInt(h.slice(0, 8), 16);
  U32[1 - HI] = parseInt(h.slice(8), 16);
  return F64[0]!;
}

/** The 16 hex digits of x's bits; 'NaN' for every NaN (payloads are not portable). */
function toHex(x: number): string {
  if (x !== x) return 'NaN';
  F64[0] = x;
  return U32[HI]!.toString(16).padStart(8, '0') + U32[1 - HI]!.toString(16).padStart(8, '0');
}

/** Inputs as bit patterns: one list for the one-argument functions, pairs for pow and hypot. */
export interface DetMathInputs {
  unary: string[];
  binary: [string, string][];
}

/** Outputs as bit patterns, per function name: det-math's, and this engine's Math.* for the same names. */
export interface DetMathOutputs {
  det: Record<string, string[]>;
  engine: Record<string, string[]>;
}

const UNARY = ['log', 'log1p', 'log10', 'exp', 'sin', 'cos', 'tan'] as const;
const BINARY = ['pow', 'hypot'] as const;

/** Evaluates every det-math function, and Math's namesake, on `inputs`. */
export function evaluateDetMath(inputs: DetMathInputs): DetMathOutputs {
  const xs = inputs.unary.map(fromHex);
  const pairs = inputs.binary.map(([a, b]) => [fromHex(a), fromHex(b)] as const);
  const out: DetMathOutputs = { det: {}, engine: {} };
  for (const name of UNARY) {
    out.det[name] = xs.map((x) => toHex(det[name](x)));
    out.engine[name] = xs.map((x) => toHex(Math[name](x)));
  }
  for (const name of BINARY) {
    out.det[name] = pairs.map(([a, b]) => toHex(det[name](a, b)));
    out.engine[name] = pairs.map(([a, b]) => toHex(Math[name](a, b)));
  }
  return out;
}
