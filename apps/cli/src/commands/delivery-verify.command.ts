import { deliveryTopicName } from '@ksb/contracts';
import { checkDeliverySignature, readKeyRegister } from '@ksb/signatures';
import { headersAsText, partitionBounds, readRange, type RawHeaders } from '@ksb/wire';
import { cliWire, type CliConfig } from '../cli.config';

const option = (args: readonly string[], name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

/**
 * `ksb delivery verify --office ID`: what a recipient runs on its own topic. Every record must carry the
 * bridge's signature over its bytes and this office as recipient, by a delivery key of the register that was
 * valid when it was written. Exit 0 when all hold, 1 naming the first ones that do not.
 */
export const deliveryVerify = async (config: CliConfig, args: readonly string[], print: (line: string) => void) => {
  const office = option(args, '--office');
  const registerFile = option(args, '--keys') ?? config.KSB_SIGNING_KEYS_FILE;
  if (!office || !registerFile) {
    print('usage: ksb delivery verify --office ID [--keys REGISTER.json]   (or KSB_SIGNING_KEYS_FILE)');
    return 2;
  }
  const keys = readKeyRegister(registerFile);
  const wire = cliWire(config);
  const topic = wire.topic(deliveryTopicName(office));
  let good = 0;
  const bad: string[] = [];
  try {
    await readRange(wire, topic, await partitionBounds(wire, topic), {
      onMessages: (partition, messages) => {
        for (const m of messages) {
          const check = checkDeliverySignature(
            {
              recipientOfficeId: office,
              value: m.value,
              headers: headersAsText(m.headers as RawHeaders),
              at: new Date(Number(m.timestamp)),
            },
            keys,
          );
          if (check.ok) good++;
          else bad.push(`${topic}/${partition}/${m.offset}: ${check.reason}`);
        }
      },
    });
  } finally {
    await wire.close();
  }
  bad.slice(0, 20).forEach((line) => print(`FAIL  ${line}`));
  print(`${good} of ${good + bad.length} deliveries on ${topic} signed by the bridge for ${office}`);
  return bad.length === 0 ? 0 : 1;
};
