"""Runs the sample worker until SIGTERM or Ctrl+C; configured from ASYNCAI_* environment variables (see README.md)."""

import logging
import signal
import sys

from asyncai_worker import ConfigurationError, Worker, WorkerConfig
from example_handlers import HANDLERS


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        worker = Worker(WorkerConfig.from_env(), HANDLERS)
    except ConfigurationError as error:  # like the .NET worker's options, checked before anything is polled
        print(f"asyncai python worker cannot start: {error}", file=sys.stderr, flush=True)
        return 2
    # Finish the job in hand, then stop: an unfinished message would come back after its visibility timeout anyway.
    signal.signal(signal.SIGTERM, lambda *_: worker.stop())
    print("asyncai python worker ready", flush=True)
    try:
        worker.run_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
