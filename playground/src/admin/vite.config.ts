import { mergeConfig, type UserConfig } from 'vite';

// The browser suites build the admin panel on React's development build (E2E_REACT_DEVELOPMENT=1,
// set by tests/setup/build-playground-admin.js) so that React's warnings reach the browser console,
// where the suites look for them; Strapi's `build` is otherwise always a production build.
export default (config: UserConfig) =>
  process.env.E2E_REACT_DEVELOPMENT === '1'
    ? mergeConfig(config, {
        mode: 'development',
        define: { 'process.env.NODE_ENV': JSON.stringify('development') },
        build: { minify: false },
      })
    : config;
