import {
  ControlPlane,
  QueryEngine,
  SecurityLakeEnginesExtensionPoint,
} from '@internal/plugin-security-lake-node';

/**
 * What modules set through `securityLakeEnginesExtensionPoint`, and the extension point they set it with:
 * at most one engine and one control plane; a second module setting either stops the backend, naming both.
 *
 * @internal
 */
export function moduleSeams(): {
  extensionPoint: SecurityLakeEnginesExtensionPoint;
  fromModules: { engine?: QueryEngine; controlPlane?: ControlPlane };
} {
  const fromModules: { engine?: QueryEngine; controlPlane?: ControlPlane } = {};
  return {
    fromModules,
    extensionPoint: {
      setQueryEngine(engine) {
        if (fromModules.engine) {
          throw new Error(
            `Two modules set the Security Lake query engine (${fromModules.engine.kind} and ${engine.kind}); install one`,
          );
        }
        fromModules.engine = engine;
      },
      setControlPlane(controlPlane) {
        if (fromModules.controlPlane) {
          throw new Error(
            `Two modules set the Security Lake control plane (${fromModules.controlPlane.kind} and ${controlPlane.kind}); install one`,
          );
        }
        fromModules.controlPlane = controlPlane;
      },
    },
  };
}
