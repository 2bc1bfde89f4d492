import type { KeyObject } from 'node:crypto';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { keyFingerprint, publicKeyOf } from '@ksb/audit-chain';
import type { AuditWriter } from '@ksb/audit-feature';
import { Counter, Gauge, Registry } from 'prom-client';
import { AUDIT_WRITER, SIGNING_KEY } from '../audit-writer.tokens';

@Controller()
export class AuditController {
  private readonly registry = new Registry();

  constructor(
    @Inject(AUDIT_WRITER) private readonly writer: AuditWriter,
    @Inject(SIGNING_KEY) private readonly key: KeyObject,
  ) {
    const auditWriter = this.writer;
    new Counter({
      name: 'ksb_audit_records_total',
      help: 'Audit records committed to the trail since start',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(auditWriter.status().records);
      },
    });
    new Counter({
      name: 'ksb_audit_checkpoints_total',
      help: 'Signed checkpoints committed since start',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(auditWriter.status().checkpoints);
      },
    });
    new Gauge({
      name: 'ksb_audit_unsigned_records',
      help: 'Records per audit partition not yet covered by a signed checkpoint',
      labelNames: ['partition'],
      registers: [this.registry],
      collect() {
        for (const p of auditWriter.status().partitions) this.set({ partition: String(p.partition) }, p.unsigned);
      },
    });
  }

  @Get('health')
  health() {
    const status = this.writer.status();
    return { status: status.running ? 'ok' : 'stopped', ...status };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  prometheus() {
    return this.registry.metrics();
  }

  /** The key auditors verify checkpoints with; they should compare its fingerprint with the one on record. */
  @Get('audit/public-key')
  publicKey() {
    return {
      algorithm: 'Ed25519',
      fingerprint: keyFingerprint(this.key),
      pem: publicKeyOf(this.key).export({ type: 'spki', format: 'pem' }),
    };
  }
}
