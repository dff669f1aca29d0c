export * from "./leakScan";
export * from "./mockCloud";
export * from "./runProgram";
export * from "./secretMarker";
