package de.kinderschutz.bridge.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Two hops with exactly-once (v2): input to middle, middle to output, bytes and headers as they are. The
 * same shape as the bridge's ingest, routed and delivery topics, so both are measured on the same records.
 *
 * <p>Arguments: a properties file (client settings, application id, commit interval), then the input,
 * middle and output topics. Prints RUNNING once the instance runs; SIGTERM closes it.
 */
public final class TwoHopPassthrough {
  public static void main(String[] args) throws IOException, InterruptedException {
    Properties config = new Properties();
    try (FileInputStream in = new FileInputStream(args[0])) {
      config.load(in);
    }
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);

    StreamsBuilder builder = new StreamsBuilder();
    builder
        .stream(args[1], Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(args[2], Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    builder
        .stream(args[2], Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(args[3], Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));

    KafkaStreams streams = new KafkaStreams(builder.build(), config);
    CountDownLatch closed = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) System.out.println("RUNNING");
          if (now == KafkaStreams.State.ERROR) System.out.println("ERROR");
        });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  streams.close(Duration.ofSeconds(10));
                  closed.countDown();
                }));
    streams.start();
    closed.await();
  }
}
