"""Handlers of the sample worker. Replace them with your model: see README.md ("Plugging in a PyTorch model")."""

import json
import time

from asyncai_worker import JobContext, NonRetryableError


def reverse(ctx: JobContext) -> None:
    """Reads the input 'text' and writes it reversed, plus a small result.json."""
    text = ctx.read_input("text").decode("utf-8")
    ctx.report_progress(0.5, "reversing")
    ctx.write_output("reversed.txt", text[::-1].encode("utf-8"), "text/plain; charset=utf-8")
    ctx.write_output("result.json", json.dumps({"length": len(text), "upper": bool(ctx.parameters.get("upper"))}).encode("utf-8"),
                     "application/json")


def reject(ctx: JobContext) -> None:
    """Fails at once, without retries: the completion carries the handler's own error code."""
    raise NonRetryableError("invalid_parameters", "width must be positive")


def sleep(ctx: JobContext) -> None:
    """Works for parameters.seconds, checking for cancellation and the deadline between steps."""
    until = time.monotonic() + float(ctx.parameters.get("seconds", 1))
    while time.monotonic() < until:
        ctx.check()
        time.sleep(0.05)


def flaky(ctx: JobContext) -> None:
    """Fails (retryably) until attempt parameters.succeedOn."""
    if ctx.attempt < int(ctx.parameters.get("succeedOn", 2)):
        raise RuntimeError(f"attempt {ctx.attempt} fails on purpose")
    ctx.write_output("attempt.txt", str(ctx.attempt).encode("ascii"), "text/plain")


HANDLERS = {"reverse": reverse, "reject": reject, "sleep": sleep, "flaky": flaky}
