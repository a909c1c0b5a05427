import { cpus, platform, release, arch, totalmem } from 'node:os';

/** The machine a benchmark ran on, as the report states it. */
export interface MachineDescription {
  cpuModel: string;
  /** Logical cores the operating system reports (hardware threads, not physical cores). */
  logicalCores: number;
  memoryBytes: number;
  nodeVersion: string;
  /** `linux 6.8.0 x64`. */
  operatingSystem: string;
  /** Start of the run, ISO 8601 in UTC. */
  date: string;
}

/** Describes this machine; `now` is the start of the run. */
export function describeMachine(now: Date = new Date()): MachineDescription {
  const processors = cpus();
  const model = processors[0]?.model.trim() ?? '';
  return {
    cpuModel: model === '' ? 'unknown' : model,
    logicalCores: processors.length,
    memoryBytes: totalmem(),
    nodeVersion: process.version,
    operatingSystem: `${platform()} ${release()} ${arch()}`,
    date: now.toISOString(),
  };
}
