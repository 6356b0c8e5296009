/**
 * Report renderers for people and machines. None of them reads the check registry: the caller
 * passes what a renderer needs (SARIF takes the checks' metadata), so render stays a leaf.
 */
export { renderJson, renderScanJson, sortFindings } from './json.js';
export type { RuleMeta, SarifOptions, SarifTool } from './sarif.js';
export { renderSarif } from './sarif.js';
export { renderScanText } from './scan-text.js';
export { stripControl, type TextOptions } from './terminal.js';
export { renderText } from './text.js';
