#!/usr/bin/env bash
# One command for the worker-pipeline benchmark (docs/benchmarks.md, "Worker pipeline vs raw SDK").
#
# Usage: benchmarks/run.sh [--quick] [--jobs N] [--passes N] [--concurrency 1,16,64] [--records on|off|both] [--out DIR] ...
#   benchmarks/run.sh            the full run (3 timed passes of 5,000 jobs per side and scenario; 1-5 min on 2 cores, by how busy they are)
#   benchmarks/run.sh --quick    a smoke run (1,000 jobs, 1 pass)
#   benchmarks/run.sh --redraw artifacts/benchmarks/summary.json   redraw the chart and tables of a finished run
#
# It installs the local SQS + S3 emulator if missing (scripts/local-aws/install.sh), builds in Release, and writes
# artifacts/benchmarks/summary.json, summary.md and jobs-per-second.png. The ONNX benchmark is a separate project:
#   dotnet run -c Release --project benchmarks/AsyncAi.Benchmarks -- --size 320 --images 48 --rounds 5
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
bash scripts/local-aws/install.sh
dotnet build benchmarks/AsyncAi.Benchmarks.Pipeline/AsyncAi.Benchmarks.Pipeline.csproj -c Release --nologo -v quiet
exec dotnet run -c Release --no-build --project benchmarks/AsyncAi.Benchmarks.Pipeline -- "$@"
