import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import {
  createUnifiedTheme,
  palettes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import LightIcon from '@material-ui/icons/WbSunny';

/**
 * Backstage's light theme with secondary text dark enough to read: its rgba(0,0,0,0.54) is 4.47:1 on the
 * page background, under WCAG's 4.5:1 for labels, helper text and captions; 0.64 is 5.6:1.
 */
export const lightTheme = createUnifiedTheme({
  palette: {
    ...palettes.light,
    text: { primary: 'rgba(0, 0, 0, 0.87)', secondary: 'rgba(0, 0, 0, 0.64)' },
  },
});

const LightTheme = ThemeBlueprint.make({
  name: 'light',
  params: {
    theme: {
      id: 'light',
      title: 'Light Theme',
      variant: 'light',
      icon: <LightIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={lightTheme}>
          {children}
        </UnifiedThemeProvider>
      ),
    },
  },
});

/** The app's light theme, replacing the built-in one of the same name. */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [LightTheme],
});
