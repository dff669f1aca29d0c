export * from "./passwordProfile";
export * from "./rotatingPassword";
export * from "./rotationSchedule";
export * from "./rotationScheduleProvider";
