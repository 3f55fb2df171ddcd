import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// Component tests run in happy-dom with the same aliases as the build.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: { environment: 'happy-dom', include: ['src/**/*.test.{ts,tsx}'], restoreMocks: true },
  }),
);
