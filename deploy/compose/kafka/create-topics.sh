#!/bin/sh
# Create the platform's topics (topics.txt beside this script) with their intended partitions
# and retention, and bring the configs of topics that already exist back to those values.
# Safe to run again. Runs in the apache/kafka image (docker compose `kafka-init`, the Kubernetes
# Job `kafka-topics`). A partition count is never changed here: adding partitions to a keyed
# topic moves aggregates to other partitions and breaks their order (see docs/runbook.md).
#
# Environment: KAFKA_BOOTSTRAP_SERVERS (kafka:9092), TOPIC_REPLICATION_FACTOR (1),
# MIN_INSYNC_REPLICAS (1), TOPICS_FILE (topics.txt beside this script), KAFKA_BIN (/opt/kafka/bin).
set -eu

here=$(dirname "$0")
bootstrap=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}
replication=${TOPIC_REPLICATION_FACTOR:-1}
min_isr=${MIN_INSYNC_REPLICAS:-1}
topics_file=${TOPICS_FILE:-$here/topics.txt}
bin=${KAFKA_BIN:-/opt/kafka/bin}

# Wait for the broker (the compose healthcheck already did; a Kubernetes Job may start first).
tries=0
until "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --list >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "create-topics: broker $bootstrap not reachable" >&2
    exit 1
  fi
  sleep 2
done

grep -v '^[[:space:]]*#' "$topics_file" | grep -v '^[[:space:]]*$' |
while read -r name partitions configs; do
  configs="$configs,min.insync.replicas=$min_isr"
  set -- --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication"
  old_ifs=$IFS
  IFS=,
  for config in $configs; do
    set -- "$@" --config "$config"
  done
  IFS=$old_ifs
  "$bin/kafka-topics.sh" "$@"
  # --if-not-exists leaves an existing topic as it is: apply the intended configs to it.
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --alter --entity-type topics \
    --entity-name "$name" --add-config "$configs"
  actual=$("$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --describe --topic "$name" |
    sed -n 's/.*PartitionCount:[[:space:]]*\([0-9]*\).*/\1/p' | head -n 1)
  if [ "$actual" != "$partitions" ]; then
    echo "create-topics: WARNING $name has $actual partitions, intended $partitions" >&2
  fi
  echo "create-topics: $name ready ($partitions partitions, $configs)"
done
