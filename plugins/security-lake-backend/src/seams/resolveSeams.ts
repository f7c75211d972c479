import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { SecurityLakeInfo } from '@internal/plugin-security-lake-common';
import { ControlPlane, QueryEngine } from '@internal/plugin-security-lake-node';
import { AthenaQueryEngine } from '../aws/AthenaQueryEngine';
import { AwsControlPlane } from '../aws/AwsControlPlane';

/** @internal */
export interface SecurityLakeSeams {
  engine: QueryEngine;
  controlPlane: ControlPlane;
  info: SecurityLakeInfo;
}

const LOCAL_MODULE = '@internal/plugin-security-lake-backend-module-local';

/**
 * Picks the query engine and control plane: what a module set through the extension point, otherwise the
 * AWS implementation configuration asks for. Fails with the missing configuration named when there is
 * neither, so a misconfigured portal stops at start-up rather than on the first request.
 *
 * @internal
 */
export function resolveSeams(options: {
  config: RootConfigService;
  logger: LoggerService;
  engine?: QueryEngine;
  controlPlane?: ControlPlane;
}): SecurityLakeSeams {
  const { config, logger } = options;
  const engine = options.engine ?? athenaFromConfig(config);
  const controlPlane = options.controlPlane ?? awsFromConfig(config);
  logger.info(
    `Security Lake: ${engine.kind} query engine${
      options.engine ? ' (from a module)' : ''
    }, ${controlPlane.kind} control plane${
      options.controlPlane ? ' (from a module)' : ''
    }`,
  );
  return {
    engine,
    controlPlane,
    info: {
      engine: engine.kind,
      controlPlane: controlPlane.kind,
      // anything that does not answer from AWS serves sample data, and the UI says so
      localMode: engine.kind !== 'athena' || controlPlane.kind !== 'aws',
    },
  };
}

function athenaFromConfig(config: RootConfigService): QueryEngine {
  const kind = config.getOptionalString('securityLake.engine');
  if (kind === 'athena') {
    return AthenaQueryEngine.fromConfig(config);
  }
  throw new Error(
    kind === undefined
      ? `Security Lake has no query engine: set securityLake.engine to 'athena' (with securityLake.athena.workGroup and region), or add a module that provides one, such as ${LOCAL_MODULE}`
      : `securityLake.engine is '${kind}', which no installed module provides: use 'athena', or add the module for '${kind}' (${LOCAL_MODULE} provides 'duckdb')`,
  );
}

function awsFromConfig(config: RootConfigService): ControlPlane {
  const kind = config.getOptionalString('securityLake.controlPlane');
  if (kind === 'aws') {
    if (!config.has('securityLake.aws.regions')) {
      throw new Error(
        "securityLake.controlPlane is 'aws' but securityLake.aws.regions is missing: list the regions with a Security Lake data lake",
      );
    }
    return AwsControlPlane.fromConfig(config);
  }
  throw new Error(
    kind === undefined
      ? `Security Lake has no control plane: set securityLake.controlPlane to 'aws' (with securityLake.aws.regions), or add a module that provides one, such as ${LOCAL_MODULE}`
      : `securityLake.controlPlane is '${kind}', which no installed module provides: use 'aws', or add the module for '${kind}' (${LOCAL_MODULE} provides 'local')`,
  );
}
