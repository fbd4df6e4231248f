#!/usr/bin/env node
// kafkajs 2.2.4 driver for the DevBroker conformance tests.
// Every subcommand prints one JSON document on stdout; kafkajs logs go to stderr.
//
//   node kjs.js create    BOOTSTRAP TOPIC PARTITIONS
//   node kjs.js produce   BOOTSTRAP TOPIC FIRST COUNT KEYS     (idempotent producer, acks=-1)
//   node kjs.js consume   BOOTSTRAP TOPIC GROUP TIMEOUT_S      (group consume to the end, commit, disconnect)
//   node kjs.js committed BOOTSTRAP TOPIC GROUP
//   node kjs.js offsets   BOOTSTRAP TOPIC                      (ListOffsets: earliest and latest)
//   node kjs.js delete    BOOTSTRAP TOPIC
'use strict';

const path = require('path');
const { Kafka, logLevel } = require(path.join(__dirname, 'node_modules', 'kafkajs'));

function emit(doc) {
  process.stdout.write(JSON.stringify(doc) + '\n');
}

function client(bootstrap, clientId) {
  return new Kafka({
    clientId,
    brokers: [bootstrap],
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 5, initialRetryTime: 200 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, level, label, log }) => {
      const { message, ...extra } = log;
      process.stderr.write(`[kafkajs ${label}] ${namespace}: ${message} ${JSON.stringify(extra)}\n`);
    },
  });
}

async function create(bootstrap, topic, partitions) {
  const admin = client(bootstrap, 'kjs-admin').admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      waitForLeaders: true,
      timeout: 15000,
      topics: [{ topic, numPartitions: Number(partitions), replicationFactor: 1 }],
    });
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    emit({ created, partitions: md.topics[0].partitions.length });
  } finally {
    await admin.disconnect();
  }
}

async function produce(bootstrap, topic, first, count, keys) {
  first = Number(first); count = Number(count); keys = Number(keys);
  const producer = client(bootstrap, 'kjs-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const acked = [];
    // Several sends so more than one batch per partition reaches the broker.
    const chunk = 10;
    for (let start = first; start < first + count; start += chunk) {
      const messages = [];
      for (let n = start; n < Math.min(start + chunk, first + count); n++) {
        messages.push({ key: `k${n % keys}`, value: `v-${n}` });
      }
      const result = await producer.send({ topic, acks: -1, messages });
      for (const r of result) {
        acked.push({ p: r.partition, o: Number(r.baseOffset), error: r.errorCode });
      }
    }
    emit({ acked: count, batches: acked });
  } finally {
    await producer.disconnect();
  }
}

async function endOffsets(kafka, topic, groupId) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const latest = await admin.fetchTopicOffsets(topic);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedByPartition = {};
    for (const t of committed) {
      for (const p of t.partitions) committedByPartition[p.partition] = Number(p.offset);
    }
    const targets = {};
    for (const p of latest) {
      const high = Number(p.high);
      const low = Number(p.low);
      const start = committedByPartition[p.partition] >= 0 ? committedByPartition[p.partition] : low;
      targets[p.partition] = { start, high };
    }
    return targets;
  } finally {
    await admin.disconnect();
  }
}

async function consume(bootstrap, topic, groupId, timeoutS) {
  const kafka = client(bootstrap, 'kjs-consumer');
  const targets = await endOffsets(kafka, topic, groupId);
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 6000,
    rebalanceTimeout: 10000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 200,
  });
  const records = [];
  const next = {};
  for (const p of Object.keys(targets)) next[p] = targets[p].start;
  const caughtUp = () => Object.keys(targets).every(p => next[p] >= targets[p].high);

  await consumer.connect();
  let timer;
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(
        `timed out consuming ${topic} in group ${groupId} after ${records.length} records; next=${JSON.stringify(next)} targets=${JSON.stringify(targets)}`)),
        Number(timeoutS) * 1000);
      if (caughtUp()) { resolve(); return; }
      consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          records.push({
            p: partition,
            o: Number(message.offset),
            k: message.key === null ? null : message.key.toString(),
            v: message.value === null ? null : message.value.toString(),
          });
          next[partition] = Number(message.offset) + 1;
          if (caughtUp()) resolve();
        },
      }).catch(reject);
    });
    clearTimeout(timer);
    const commits = Object.keys(targets)
      .filter(p => next[p] > targets[p].start)
      .map(p => ({ topic, partition: Number(p), offset: String(next[p]) }));
    if (commits.length > 0) await consumer.commitOffsets(commits);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  emit({ records, targets });
}

async function committed(bootstrap, topic, groupId) {
  const admin = client(bootstrap, 'kjs-admin').admin();
  await admin.connect();
  try {
    const result = await admin.fetchOffsets({ groupId, topics: [topic] });
    const out = {};
    for (const p of result[0].partitions) out[p.partition] = Number(p.offset);
    emit({ committed: out });
  } finally {
    await admin.disconnect();
  }
}

async function offsets(bootstrap, topic) {
  const admin = client(bootstrap, 'kjs-admin').admin();
  await admin.connect();
  try {
    const result = await admin.fetchTopicOffsets(topic);
    emit({ offsets: result.map(p => ({ p: p.partition, low: Number(p.low), high: Number(p.high) })) });
  } finally {
    await admin.disconnect();
  }
}

async function remove(bootstrap, topic) {
  const admin = client(bootstrap, 'kjs-admin').admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic], timeout: 15000 });
    emit({ deleted: topic });
  } finally {
    await admin.disconnect();
  }
}

const commands = { create, produce, consume, committed, offsets, delete: remove };
const [command, ...args] = process.argv.slice(2);
if (!commands[command]) {
  process.stderr.write('usage: node kjs.js create|produce|consume|committed|offsets|delete BOOTSTRAP ...\n');
  process.exit(2);
}
commands[command](...args).then(
  () => process.exit(0),
  err => {
    process.stderr.write(`kjs.js ${command} failed: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
