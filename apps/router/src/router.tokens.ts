export const DIRECTORY_HOLDER = Symbol('DirectoryHolder');
export const ROUTED_SCHEMAS = Symbol('RoutedSchemas');
export const CANARY_SCHEMA = Symbol('CanarySchema');
export const ROUTER_METRICS = Symbol('RouterMetrics');
export const CASE_REGISTER = Symbol('CaseRegister');
export const DIRECTORY_HEALTH = Symbol('DirectoryHealth');
export const CASE_SEAL = Symbol('CaseSeal');
