export { startEmulator, type Emulator, type EmulatorOptions } from "./server.js";
export type { Faults } from "./faults.js";
export type { Snapshot } from "./state.js";
