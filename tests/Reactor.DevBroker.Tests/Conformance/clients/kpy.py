#!/usr/bin/python3
"""kafka-python 2.0.2 driver for the DevBroker conformance tests.

Run with Debian's interpreter (/usr/bin/python3), which sees python3-kafka.
Every subcommand prints one JSON document on stdout; diagnostics go to stderr.

  kpy.py create   BOOTSTRAP TOPIC PARTITIONS
  kpy.py produce  BOOTSTRAP TOPIC FIRST COUNT KEYS
  kpy.py consume  BOOTSTRAP TOPIC GROUP TIMEOUT_S     (group consume to the end, commit, close)
  kpy.py committed BOOTSTRAP TOPIC GROUP
  kpy.py delete   BOOTSTRAP TOPIC
"""
import json
import logging
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

logging.basicConfig(stream=sys.stderr, level=logging.WARNING)


def emit(doc):
    sys.stdout.write(json.dumps(doc) + "\n")
    sys.stdout.flush()


def create(bootstrap, topic, partitions):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="kpy-admin", request_timeout_ms=15000)
    try:
        admin.create_topics([NewTopic(topic, int(partitions), 1)], timeout_ms=15000)
    finally:
        admin.close()
    # Make sure a fresh client sees the topic with all its partitions and a leader.
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, client_id="kpy-meta")
    try:
        deadline = time.time() + 15
        while True:
            parts = consumer.partitions_for_topic(topic)
            if parts is not None and len(parts) == int(partitions):
                break
            if time.time() > deadline:
                raise RuntimeError("topic %s not visible with %s partitions, saw %r" % (topic, partitions, parts))
            time.sleep(0.1)
    finally:
        consumer.close()
    emit({"created": topic, "partitions": int(partitions)})


def produce(bootstrap, topic, first, count, keys):
    first, count, keys = int(first), int(count), int(keys)
    producer = KafkaProducer(bootstrap_servers=bootstrap, client_id="kpy-producer", acks="all",
                             retries=5, linger_ms=5)
    futures = []
    for n in range(first, first + count):
        key = ("k%d" % (n % keys)).encode()
        value = ("v-%d" % n).encode()
        futures.append(producer.send(topic, key=key, value=value))
    acked = []
    for f in futures:
        md = f.get(timeout=30)
        acked.append({"p": md.partition, "o": md.offset})
    producer.flush(timeout=30)
    producer.close(timeout=10)
    emit({"acked": len(acked), "records": acked})


def consume(bootstrap, topic, group, timeout_s):
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, client_id="kpy-consumer", group_id=group,
                             auto_offset_reset="earliest", enable_auto_commit=False, check_crcs=True,
                             session_timeout_ms=6000, heartbeat_interval_ms=1000, fetch_max_wait_ms=200)
    records = []
    deadline = time.time() + float(timeout_s)
    try:
        while True:
            if time.time() > deadline:
                raise RuntimeError("timed out consuming %s in group %s after %d records" % (topic, group, len(records)))
            batch = consumer.poll(timeout_ms=500)
            for tp, msgs in batch.items():
                for m in msgs:
                    records.append({"p": m.partition, "o": m.offset,
                                    "k": m.key.decode() if m.key is not None else None,
                                    "v": m.value.decode() if m.value is not None else None})
            assignment = consumer.assignment()
            parts = consumer.partitions_for_topic(topic) or set()
            if not assignment or len(assignment) != len(parts):
                continue
            ends = consumer.end_offsets(list(assignment))
            if all(consumer.position(tp) >= ends[tp] for tp in assignment):
                break
        consumer.commit()
        committed = {str(tp.partition): consumer.committed(tp) for tp in consumer.assignment()}
    finally:
        consumer.close(autocommit=False)
    emit({"records": records, "committed": committed})


def committed(bootstrap, topic, group):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, client_id="kpy-committed", group_id=group,
                             enable_auto_commit=False)
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        result = {str(p): consumer.committed(TopicPartition(topic, p)) for p in sorted(parts)}
    finally:
        consumer.close(autocommit=False)
    emit({"committed": result})


def delete(bootstrap, topic):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="kpy-admin", request_timeout_ms=15000)
    try:
        admin.delete_topics([topic], timeout_ms=15000)
    finally:
        admin.close()
    emit({"deleted": topic})


COMMANDS = {"create": create, "produce": produce, "consume": consume, "committed": committed, "delete": delete}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        sys.exit(2)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
