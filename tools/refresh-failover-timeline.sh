#!/usr/bin/env bash
# Refreshes the failover timeline of docs/high-availability.md (docs/images/failover-timeline.svg) from a run of the
# fault test that kills the replicated store's primary under load (redis-server programs, a minute or two). Review
# the picture with the test's figures it printed, and commit it.
set -euo pipefail
cd "$(dirname "$0")/.."
test=ReplicatedStoreFaultsOnRedisServerTests
dotnet test QuoteAspire.Tests --filter "FullyQualifiedName~$test.KillingThePrimaryUnderLoadLosesNoAcknowledgedQuoteAndTheOldPrimaryRejoinsAsAReplica" \
  --logger "console;verbosity=detailed" "$@"
tools/draw-failover-timeline.sh "QuoteAspire.Tests/TestResults/figures/failover-$test.tsv" docs/images/failover-timeline.svg
