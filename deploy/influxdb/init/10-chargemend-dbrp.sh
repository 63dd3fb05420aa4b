#!/bin/sh
# Runs once, after the influxdb:2.7 image's first-start setup (DOCKER_INFLUXDB_INIT_MODE=setup created the
# org, the bucket with its retention, and the admin token). Chargemend reads telemetry with InfluxQL over
# /query (the one query language 1.x, 2.x and 3.x share), which on 2.x needs a DBRP mapping from the
# database name the product uses (INFLUX_BUCKET) to the bucket.
set -eu
influx v1 dbrp create \
  --org "${DOCKER_INFLUXDB_INIT_ORG}" \
  --token "${DOCKER_INFLUXDB_INIT_ADMIN_TOKEN}" \
  --bucket-id "${DOCKER_INFLUXDB_INIT_BUCKET_ID}" \
  --db "${DOCKER_INFLUXDB_INIT_BUCKET}" \
  --rp autogen \
  --default
