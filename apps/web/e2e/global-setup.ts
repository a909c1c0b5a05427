import type { TestProject } from 'vitest/node';

import { startStack, type StackInfo } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

/** Starts one platform for the whole browser lane and stops it when the lane ends. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startStack();
  project.provide('stack', stack.info);
  return stack.stop;
}
