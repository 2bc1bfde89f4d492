import { deliveryTopicName, deliveryTopicSpec, EXTERNAL_HANDOFF_TOPIC, type TopicSpec } from '@ksb/contracts';
import type { Directory } from '@ksb/directory';
import { generateViews, type RedactionPolicy } from '@ksb/redaction';

/** One delivery topic per office, carrying the views of its role; plus the external handoff channel. */
export const deliveryTopicSpecs = (directory: Directory, policy: RedactionPolicy): TopicSpec[] => {
  const views = generateViews(policy).map((v, i) => ({ record: v.record, role: policy.entries[i].recipient }));
  const recordsFor = (role: string) => [...new Set(views.filter((v) => v.role === role).map((v) => v.record))];
  return [
    ...[...directory.offices.values()].map((office) =>
      deliveryTopicSpec(deliveryTopicName(office.id), recordsFor(office.role)),
    ),
    deliveryTopicSpec(EXTERNAL_HANDOFF_TOPIC, [...new Set(views.map((v) => v.record))]),
  ];
};
