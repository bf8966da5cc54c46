#!/usr/bin/env bash
# One command for the outbox and job-store benchmark (docs/benchmarks.md, "Outbox and job store").
#
# Usage: benchmarks/outbox.sh [--quick] [--jobs N] [--writers N] [--passes N] [--databases sqlite,postgres] [--list-rows N] [--out DIR]
#   benchmarks/outbox.sh            the full run (3 passes of 2,000 jobs per side and database, 1,000,000 rows listed; a few minutes on 2 cores)
#   benchmarks/outbox.sh --quick    a smoke run
#
# It installs the local SQS + S3 emulator and PostgreSQL if missing, builds in Release, and writes
# artifacts/benchmarks/outbox/summary.md.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
bash scripts/local-aws/install.sh
bash scripts/install-postgresql.sh
dotnet build benchmarks/AsyncAi.Benchmarks.Outbox/AsyncAi.Benchmarks.Outbox.csproj -c Release --nologo -v quiet
exec dotnet run -c Release --no-build --project benchmarks/AsyncAi.Benchmarks.Outbox -- "$@"
