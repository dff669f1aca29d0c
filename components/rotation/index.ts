export * from "./consumerUpdate";
export * from "./kubernetes";
export * from "./kubernetes/grafanaAdminReset";
export * from "./postgres/postgresPasswordUpdate";
export * from "./postgres/sslMode";
export * from "./postgres/strategy";
export * from "./vault";
