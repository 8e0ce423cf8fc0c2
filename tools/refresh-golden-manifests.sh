#!/usr/bin/env bash
# Rewrites the golden Kubernetes manifests that QuoteAspire.Tests compares the publisher's output with.
# Run it after an intended change to the publisher or the app model, then review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project QuoteAspire.AppHost -- \
  --operation publish --step publish-kubernetes \
  --output-path QuoteAspire.Tests/Kubernetes/Golden \
  --clear-cache true \
  Parameters:quote-store-password=golden0password0not0a0real0secret \
  Parameters:quote-store-frontend-password=golden0frontend0password0not0real \
  Parameters:quote-store-replication-password=golden0replication0password0fake \
  Parameters:quote-store-sentinel-password=golden0sentinel0password0not0real \
  Parameters:quote-store-backup-password=golden0backup0password0not0a0real \
  Parameters:quote-store-restore-password=golden0restore0password0not0real
