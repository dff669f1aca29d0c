import * as os from "node:os";

/** The machine a run measured on. */
export interface Machine {
    readonly cpuModel: string;
    readonly cores: number;
    readonly memoryBytes: number;
    readonly nodeVersion: string;
    readonly os: string;
    /** 1-minute load average when the run started and ended: the machine may be shared. */
    readonly loadAtStart: number;
    loadAtEnd?: number;
}

export function describeMachine(): Machine {
    return {
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        cores: os.availableParallelism(),
        memoryBytes: os.totalmem(),
        nodeVersion: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        loadAtStart: os.loadavg()[0],
    };
}
