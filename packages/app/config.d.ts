export interface Config {
  securityLake?: {
    /** The demo portal; set only in app-config.demo.yaml. */
    demo?: {
      /**
       * Shows the demo user chooser instead of the organisation's sign-in. The backend's demo sign-in
       * and demo permission policy read the same key.
       * @default false
       * @visibility frontend
       */
      enabled?: boolean;
    };
  };
}
