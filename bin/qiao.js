#!/usr/bin/env node
// `npx qiao …`: the command-line tool for integration engineers (TypeScript sources run through tsx).
import { register } from 'tsx/esm/api';

register();
await import('./cli/main.ts');
