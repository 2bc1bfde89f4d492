// The bridge's row name, shared by the systems that start it and the report that finds it. It names the
// stages' client the bench's environment gives every service (KSB_STAGE_KAFKA_CLIENT), so a run with both
// the bridge and its baseline revision on librdkafka is not labelled kafkajs.
const STAGE_CLIENT = process.env.KSB_STAGE_KAFKA_CLIENT ?? 'kafkajs';
export const BRIDGE_NAME = `bridge: ingest → router → redactor → delivery (${STAGE_CLIENT}, transactions)`;
