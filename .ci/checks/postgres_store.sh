#!/usr/bin/env bash
# The store's tests again with every test lab kept in PostgreSQL (tests/common: lab() under
# UNILAB_TEST_ENGINE=postgres), so both engines pass the same tests. Tests about the redb file
# itself say they skipped; their PostgreSQL counterparts ran in `cargo test` (store_engines,
# cli_store).
set -euo pipefail
cd "$(dirname "$0")/../.."
tests=(accreditation order_lists lab_records order_bases quality_file sampling_form spot_check_notice
       spot_check_objections statistics store_processes supervision_tasks task_report
       task_summary_pdf warnings workflow store_engines sites)
args=()
for t in "${tests[@]}"; do args+=(--test "$t"); done
UNILAB_CI=1 UNILAB_TEST_ENGINE=postgres cargo test --locked "${args[@]}" 2>&1 | tee /tmp/postgres_store.log | grep -E "^test result|FAILED|panicked|SKIPPED" || true
if grep -qE "^test result: FAILED|^error" /tmp/postgres_store.log; then
  echo "postgres_store: failures above"
  exit 1
fi
passed=$(grep -E "^test result: ok" /tmp/postgres_store.log | awk '{s+=$4} END {print s}')
echo "postgres_store: ok ($passed tests on PostgreSQL)"
