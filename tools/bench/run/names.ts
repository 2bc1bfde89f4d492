// The bridge's row name, shared by the systems that start it and the report that finds it.
export const BRIDGE_NAME = 'bridge: ingest → router → redactor → delivery (kafkajs, transactions)';
