/**
 * Which engine runs queries and which control plane answers Security Lake API calls.
 *
 * @public
 */
export interface SecurityLakeInfo {
  /** The query engine's kind, e.g. `athena` or `duckdb`. */
  engine: string;
  /** The control plane's kind, e.g. `aws` or `local`. */
  controlPlane: string;
  /** True when the engine or the control plane answers from somewhere other than AWS (sample data). */
  localMode: boolean;
}
