/**
 * The app's number formatting: the same module the HTML report uses (app/report/format.ts), so a
 * value reads the same in a live chart, the Compare panel and an exported report. Import from
 * here in app code.
 */
export {
  NONE, withSeparators, fmtFixed, fmtSig, decimalsFor, fmtMs, byteUnitIndex, fmtBytes, fmtBytesPerS, fmtPercent, fmtChange,
  fmtUsd, fmtWh, fmtCount, fmtPerS, fmtClock, fmtDuration, formatValue, metricBounds, clampInterval, guessUnit, columnFormat,
  axisUnit, compactNumber, compactTicks, timeTicks, type ColumnFormat, type AxisUnit,
} from '../report/format.ts';
