"""A reference AsyncAi worker in Python, written from docs/wire-format.md alone.

It long-polls the request queue, keeps each message invisible while its handler runs, runs the handler,
uploads outputs with their SHA-256, writes the completion record, sends the events to the response queue and
deletes the message; what it cannot read goes to the dead-letter queue with the reason. Only boto3 and the
standard library are used (Debian: apt-get install python3-boto3).

    worker = Worker(WorkerConfig.from_env(), {"classify": classify})
    worker.run_forever()

A handler is a function (context) -> None; see JobContext for what it gets.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from sqs_json_protocol import use_sqs_json_protocol
from trust_rules import (CLAIM_CHECK_SLACK_BYTES, MAX_CLAIM_CHECK_BYTES, MAX_JSON_DEPTH, REQUEST_OBJECT, JobLocationRules,
                         has_lone_surrogate, is_request_object_of, is_valid_job_id, json_depth_exceeds,
                         parse_allowed_prefixes, sanitize_reason)

log = logging.getLogger("asyncai.worker")
use_sqs_json_protocol()

WIRE_VERSION = 1
FILE_NAME_SEGMENT = re.compile(r"[A-Za-z0-9._-]+", re.ASCII)
MAX_VISIBILITY_SECONDS = 12 * 60 * 60  # SQS: at most 12 hours invisible in total since the receive

# Attribute names (docs/wire-format.md#message-attributes).
ATTR_VERSION = "asyncai-v"
ATTR_KIND = "asyncai-kind"
ATTR_JOB_ID = "asyncai-job-id"
ATTR_JOB_TYPE = "asyncai-job-type"
ATTR_DEAD_LETTER_REASON = "asyncai-dead-letter-reason"


class UnreadableMessage(Exception):
    """A message that is not a job of wire version 1: it is dead-lettered, never retried."""


class ConfigurationError(ValueError):
    """A setting the worker cannot start with; the message names it."""


class NonRetryableError(Exception):
    """Raise from a handler when trying again cannot help: the job fails at once with this error code.

    Its code and message are the completion's error, which reaches browsers: write deliberate, client-safe text.
    """

    def __init__(self, code: str, message: str):
        if not isinstance(code, str) or not code.strip():
            raise ValueError("a NonRetryableError needs a non-blank error code")
        super().__init__(message)
        self.code = code


class JobCancelled(Exception):
    """Raised by JobContext.check() once the producer asked for cancellation or the deadline passed."""


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def rfc3339(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat(timespec="microseconds")


def parse_rfc3339(text, name: str) -> datetime:
    if not isinstance(text, str):
        raise UnreadableMessage(f"'{name}' must be an RFC 3339 date-time string")
    try:
        # Python 3.11 reads 'Z', any offset and up to 7 fraction digits (.NET writes 7).
        instant = datetime.fromisoformat(text)
    except ValueError as error:
        raise UnreadableMessage(f"'{name}' is not an RFC 3339 date-time: {error}") from error
    if instant.tzinfo is None:
        raise UnreadableMessage(f"'{name}' has no UTC offset")
    return instant


def milliseconds(start: datetime, end: datetime) -> float:
    return round((end - start).total_seconds() * 1000, 3)


def is_valid_file_name(name) -> bool:
    return (isinstance(name, str) and 0 < len(name) <= 128
            and all(s not in ("", ".", "..") and FILE_NAME_SEGMENT.fullmatch(s) for s in name.split("/")))


def owner_of(job: dict) -> dict:
    """The job's owner as events and completions carry it: {"owner": ...}, or nothing for a job without one."""
    return {"owner": job["owner"]} if job.get("owner") is not None else {}


def event_scope(job: dict) -> str:
    """What event ids of an owner's job begin with, so that two owners' jobs with one id never share an event id."""
    return f"owner={job['owner']}/" if job.get("owner") is not None else ""


def attribute(message: dict, name: str):
    value = message.get("MessageAttributes", {}).get(name)
    return value.get("StringValue") if value else None


def string_attributes(values: dict) -> dict:
    return {k: {"DataType": "String", "StringValue": v} for k, v in values.items()}


@dataclass
class WorkerConfig:
    request_queue_url: str
    response_queue_url: str | None = None
    dead_letter_queue_url: str | None = None  # None: the request queue's RedrivePolicy target
    bucket: str = ""  # required: the one bucket jobs live in; a job naming another is dead-lettered
    root_prefix: str = "jobs/"  # the producer's RootPrefix: a job may write only to {root}[owner={owner}/]{jobId}/
    # (bucket, key prefix) pairs a job may also read inputs from, e.g. a shared model folder
    allowed_input_prefixes: list[tuple[str, str]] = field(default_factory=list)
    endpoint_url: str | None = None  # e.g. http://127.0.0.1:4566 for the local emulator
    region: str = "us-east-1"
    visibility_timeout: int = 30  # seconds; renewed every third of it while a handler runs
    wait_time: int = 20  # long poll, seconds (at most 20)
    max_attempts: int = 5
    retry_base_delay: int = 2  # seconds, doubled per attempt
    max_retry_delay: int = 300
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:py")

    @staticmethod
    def from_env() -> "WorkerConfig":
        env = os.environ
        if not env.get("ASYNCAI_REQUEST_QUEUE_URL"):
            raise ConfigurationError("ASYNCAI_REQUEST_QUEUE_URL is required: the URL of the request queue to poll.")
        try:
            allowed = parse_allowed_prefixes(env.get("ASYNCAI_ALLOWED_INPUT_PREFIXES"))
        except ValueError as error:
            raise ConfigurationError(str(error)) from error
        config = WorkerConfig(
            request_queue_url=env["ASYNCAI_REQUEST_QUEUE_URL"],
            response_queue_url=env.get("ASYNCAI_RESPONSE_QUEUE_URL") or None,
            dead_letter_queue_url=env.get("ASYNCAI_DEAD_LETTER_QUEUE_URL") or None,
            bucket=env.get("ASYNCAI_BUCKET", "").strip(),
            root_prefix=env.get("ASYNCAI_ROOT_PREFIX", "jobs/"),
            allowed_input_prefixes=allowed,
            endpoint_url=env.get("ASYNCAI_ENDPOINT_URL") or None,
            region=env.get("AWS_REGION", "us-east-1"),
            visibility_timeout=int(env.get("ASYNCAI_VISIBILITY_TIMEOUT", "30")),
            wait_time=int(env.get("ASYNCAI_WAIT_TIME", "20")),
            max_attempts=int(env.get("ASYNCAI_MAX_ATTEMPTS", "5")),
            retry_base_delay=int(env.get("ASYNCAI_RETRY_BASE_DELAY", "2")),
        )
        config.validate()
        return config

    def validate(self) -> None:
        """Checked at start, like the .NET worker's options: a worker never writes into a bucket it was not given."""
        if not self.bucket or not self.bucket.strip():
            raise ConfigurationError("ASYNCAI_BUCKET is required: the bucket jobs live in. The worker reads and writes "
                                     "only there, and dead-letters a message that names another bucket.")
        if self.root_prefix.startswith("/") or (self.root_prefix and not self.root_prefix.endswith("/")):
            raise ConfigurationError(f"ASYNCAI_ROOT_PREFIX must be empty or end in '/' (and not start with '/'); it must "
                                     f"equal the producer's RootPrefix (was '{self.root_prefix}').")


class JobContext:
    """What a handler gets: the job, its inputs and parameters, an output writer, progress and cancellation."""

    def __init__(self, worker: "Worker", job: dict, attempt: int, cancelled: threading.Event):
        self._worker = worker
        self.job = job
        self.job_id: str = job["jobId"]
        self.job_type: str = job["jobType"]
        self.attempt = attempt
        self.parameters = job.get("parameters") if job.get("parameters") is not None else {}
        self.metadata: dict = job.get("metadata") or {}
        self._cancelled = cancelled
        self.outputs: list[dict] = []

    @property
    def input_names(self) -> list[str]:
        return list((self.job.get("inputs") or {}).keys())

    def read_input(self, name: str) -> bytes:
        location = (self.job.get("inputs") or {}).get(name)
        if location is None:
            raise NonRetryableError("input_missing", f"The job has no input '{name}'.")
        try:
            return self._worker.s3.get_object(Bucket=location["bucket"], Key=location["key"])["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                raise NonRetryableError("input_missing", f"The input '{name}' is not in storage.") from error
            raise

    def write_output(self, name: str, content: bytes, content_type: str) -> dict:
        """Uploads one output under {prefix}outputs/{name}; S3 checks the SHA-256, the completion lists it in hex."""
        self.check()
        if not is_valid_file_name(name) or any(o["name"] == name for o in self.outputs):
            raise ValueError(f"invalid or repeated output name '{name}'")
        prefix = self.job["outputPrefix"]
        key = prefix["key"] + "outputs/" + name
        digest = hashlib.sha256(content).digest()
        self._worker.s3.put_object(Bucket=prefix["bucket"], Key=key, Body=content, ContentType=content_type,
                                   ChecksumSHA256=base64.b64encode(digest).decode("ascii"))
        output = {"name": name, "location": {"bucket": prefix["bucket"], "key": key}, "sizeBytes": len(content),
                  "contentType": content_type, "sha256": digest.hex()}
        self.outputs.append(output)
        return output

    def report_progress(self, fraction: float, message: str | None = None) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("progress is a fraction between 0 and 1")
        self.check()
        event = self._worker.event(self.job, "Progress", attempt=self.attempt, progress=fraction, message=message)
        self._worker.send_event(f"{event_scope(self.job)}{self.job_id}:progress:{uuid.uuid4().hex}", event, best_effort=True)

    @property
    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        """Call between steps: raises JobCancelled once the job was cancelled or its deadline passed."""
        if self._cancelled.is_set():
            raise JobCancelled()


Handler = Callable[[JobContext], None]


class Worker:
    def __init__(self, config: WorkerConfig, handlers: dict[str, Handler]):
        self.config = config
        self.handlers = handlers
        session = boto3.session.Session(region_name=config.region)
        self.sqs = session.client("sqs", endpoint_url=config.endpoint_url)
        self.s3 = session.client("s3", endpoint_url=config.endpoint_url,
                                 config=Config(s3={"addressing_style": "path"}))
        # boto3 from Debian 12 predates S3 conditional writes: add If-None-Match to the completion record's PUT.
        self.s3.meta.events.register("before-sign.s3.PutObject", self._add_conditional_header)
        config.validate()
        self._rules = JobLocationRules(config.bucket, config.root_prefix, config.allowed_input_prefixes)
        self._dead_letter_queue_url = config.dead_letter_queue_url
        self._stopping = threading.Event()

    # ---- the loop -------------------------------------------------------------------------------------------

    def run_forever(self) -> None:
        log.info("polling %s", self.config.request_queue_url)
        while not self._stopping.is_set():
            try:
                self.poll_once()
            except Exception:  # noqa: BLE001 - the loop outlives any error
                # The message in hand (if any) comes back after its visibility timeout and is tried again.
                log.exception("polling or processing failed; going on in 5 s")
                self._stopping.wait(5)

    def stop(self) -> None:
        self._stopping.set()

    def poll_once(self) -> int:
        response = self.sqs.receive_message(
            QueueUrl=self.config.request_queue_url, MaxNumberOfMessages=1, WaitTimeSeconds=self.config.wait_time,
            VisibilityTimeout=self.config.visibility_timeout, MessageAttributeNames=["All"],
            AttributeNames=["ApproximateReceiveCount"])
        messages = response.get("Messages", [])
        for message in messages:
            received = time.monotonic()
            try:
                self.process(message, received)
            except Exception as crash:  # noqa: BLE001 - a bug, not a job's outcome
                self._set_aside_after_crash(message, received, crash)
                raise
        return len(messages)

    def process(self, message: dict, received: float) -> None:
        try:
            job, claim_check = self.read_job(message)
        except UnreadableMessage as error:
            self.dead_letter(message, str(error), received)
            return
        # Checked before the locations, as the .NET worker does: a type this worker cannot run is set aside with that
        # reason whatever else is wrong with the message.
        refusal = self._where_it_may_not_write(job) if job["jobType"] in self.handlers \
            else f"No handler is registered for job type '{job['jobType']}' (job {job['jobId']})."
        if refusal is not None:  # nothing is written, read or re-sent for it
            self.dead_letter(message, refusal, received)
            return

        attempt = int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
        existing = self.read_completion(job)
        if existing is not None:  # a duplicate delivery of a finished job: report it again, run nothing
            self.finish(message, job, claim_check, existing, write_record=False)
            return

        started = now_utc()
        deadline = parse_rfc3339(job["deadline"], "deadline") if job.get("deadline") else None
        if deadline is not None and deadline <= started:
            self.complete(message, job, claim_check, attempt, started, "Expired",
                          {"code": "deadline_exceeded", "message": "The job's deadline passed before it started."})
            return
        if self.cancel_requested(job):
            self.complete(message, job, claim_check, attempt, started, "Cancelled",
                          {"code": "cancelled", "message": "The job was cancelled before it started."})
            return

        self.send_event(f"{event_scope(job)}{job['jobId']}:started:{attempt}", self.event(job, "Started", attempt=attempt), best_effort=True)
        cancelled, reason = threading.Event(), {}
        context = JobContext(self, job, attempt, cancelled)
        heartbeat = threading.Thread(target=self._heartbeat, args=(message, job, deadline, received, cancelled, reason), daemon=True)
        heartbeat.start()
        try:
            self.handlers[job["jobType"]](context)
            if cancelled.is_set():
                raise JobCancelled()
            outcome = ("Succeeded", None)
        except JobCancelled:
            outcome = ("Expired", {"code": "deadline_exceeded", "message": "The job's deadline passed while it ran."}) \
                if reason.get("why") == "deadline" else \
                ("Cancelled", {"code": "cancelled", "message": "The job was cancelled while it ran."})
        except NonRetryableError as error:
            outcome = ("Failed", {"code": error.code, "message": str(error)})
        except Exception as error:  # noqa: BLE001 - every handler error is an outcome
            if attempt < self.config.max_attempts:
                delay = min(self.config.retry_base_delay * 2 ** (attempt - 1), self.config.max_retry_delay)
                log.warning("job %s attempt %d failed (%s); retrying in %d s", job["jobId"], attempt, error, delay)
                cancelled.set()
                heartbeat.join()
                self.sqs.change_message_visibility(QueueUrl=self.config.request_queue_url,
                                                   ReceiptHandle=message["ReceiptHandle"],
                                                   VisibilityTimeout=min(delay, self._visibility_left(received)))
                return
            # The completion reaches browsers: never the exception's own text (paths, hosts, secrets); that stays in the log.
            log.error("job %s failed on all %d attempts", job["jobId"], attempt, exc_info=error)
            outcome = ("Failed", {"code": "handler_failed", "message": f"The job failed on all {attempt} attempts."})
        finally:
            cancelled.set()  # stops the heartbeat
            heartbeat.join()
        status, error = outcome
        self.complete(message, job, claim_check, attempt, started, status, error, context.outputs if status == "Succeeded" else [])

    # ---- reading (docs/wire-format.md#reading-a-request-message) -------------------------------------------------

    def read_job(self, message: dict) -> tuple[dict, dict | None]:
        """The job a message carries; anything that is not a readable job of this version is UnreadableMessage."""
        try:
            return self._read_job(message)
        except (UnreadableMessage, ClientError):
            raise  # a ClientError other than a missing object is S3 failing, not the message: it is tried again
        except Exception as error:  # noqa: BLE001 - whatever else a hostile message trips is a bad message, never a loop
            raise UnreadableMessage(f"The message is not a readable job: {type(error).__name__}: {error}") from error

    def _read_job(self, message: dict) -> tuple[dict, dict | None]:
        version = attribute(message, ATTR_VERSION)
        if version is not None and version != str(WIRE_VERSION):
            raise UnreadableMessage(f"The message uses AsyncAi wire format version {version}; this worker reads version {WIRE_VERSION}.")
        kind = attribute(message, ATTR_KIND)
        attribute_id = attribute(message, ATTR_JOB_ID)
        body = self._object(message.get("Body", ""))
        if kind in (None, "job"):
            job, claim_check = body, None
        elif kind == "claim-check":
            claim_check = body
            location = claim_check.get("claimCheckLocation")
            size = claim_check.get("sizeBytes")
            if not (isinstance(location, dict) and isinstance(location.get("bucket"), str) and isinstance(location.get("key"), str)):
                raise UnreadableMessage("The claim check has no 'claimCheckLocation' with a bucket and a key.")
            if not isinstance(size, int) or isinstance(size, bool):
                raise UnreadableMessage("The claim check has no integer 'sizeBytes'.")
            where = f"s3://{location['bucket']}/{location['key']}"
            # A message may come from anyone who can send to the queue: follow a pointer only to the claim-check body
            # of the job the message names, never to another job's request or to any other object.
            if not attribute_id or not is_request_object_of(location["key"], attribute_id):
                raise UnreadableMessage(f"The claim check points at {where}, which is not the '{REQUEST_OBJECT}' of the job the message names.")
            limit = min(size + CLAIM_CHECK_SLACK_BYTES, MAX_CLAIM_CHECK_BYTES) if size > 0 else MAX_CLAIM_CHECK_BYTES
            try:
                stored = self.s3.get_object(Bucket=location["bucket"], Key=location["key"])
            except ClientError as error:
                if error.response["Error"]["Code"] in ("NoSuchKey", "404", "NotFound"):
                    raise UnreadableMessage(f"The claim-checked message at {where} no longer exists.") from error
                raise
            if stored["ContentLength"] > limit:
                stored["Body"].close()
                raise UnreadableMessage(f"The claim-checked message at {where} is {stored['ContentLength']} bytes; at most {limit} are read.")
            job = self._object(stored["Body"].read(limit + 1).decode("utf-8"))
        else:
            raise UnreadableMessage(f"The message is a '{kind}', not a job; it does not belong on a request queue.")

        for name in ("jobId", "jobType", "createdAt", "outputPrefix"):
            if name not in job:
                raise UnreadableMessage(f"The job message has no '{name}'.")
        if not is_valid_job_id(job["jobId"]):
            raise UnreadableMessage(f"'{job['jobId']}' is not a valid job id.")
        if job.get("owner") is not None and not isinstance(job["owner"], str):
            # Its characters are judged with the folder it names (JobLocationRules), with the .NET worker's reason.
            raise UnreadableMessage("The owner is not a string.")
        if not isinstance(job["jobType"], str) or not job["jobType"].strip():
            raise UnreadableMessage("The job type is blank.")
        parse_rfc3339(job["createdAt"], "createdAt")
        prefix = job["outputPrefix"]
        if not (isinstance(prefix, dict) and isinstance(prefix.get("bucket"), str) and prefix["bucket"]
                and isinstance(prefix.get("key"), str)):
            raise UnreadableMessage("'outputPrefix' must be a bucket and a key ending in '/'.")
        inputs = job.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise UnreadableMessage("The message's inputs must be an object of named locations.")
        for name, location in inputs.items():
            if not (isinstance(location, dict) and isinstance(location.get("bucket"), str) and isinstance(location.get("key"), str)):
                raise UnreadableMessage(f"The message's inputs entry '{name}' is not an object with a bucket and a key.")
        if job.get("deadline") is not None:
            parse_rfc3339(job["deadline"], "deadline")
        if attribute_id is not None and attribute_id != job["jobId"]:
            raise UnreadableMessage(f"The message's job-id attribute '{attribute_id}' does not match the job id '{job['jobId']}' in its body.")
        if claim_check is not None:
            location = claim_check["claimCheckLocation"]
            if location["bucket"] != prefix["bucket"] or location["key"] != prefix["key"] + REQUEST_OBJECT:
                raise UnreadableMessage(f"The claim check points at s3://{location['bucket']}/{location['key']}, outside the folder of job {job['jobId']}.")
        return job, claim_check

    def _where_it_may_not_write(self, job: dict) -> str | None:
        """SqsJobDelivery.WhereItMayNotWrite: the worker's bucket, then the folder and inputs the id and owner give."""
        bucket = job["outputPrefix"]["bucket"]
        if bucket != self.config.bucket:
            return f"Job {job['jobId']} writes to bucket '{bucket}', but this worker writes only to '{self.config.bucket}'."
        return self._rules.check(job)

    @staticmethod
    def _object(text: str) -> dict:
        if not text or not text.strip():
            raise UnreadableMessage("The message body is empty.")
        # Python's parser recurses: a body nested thousands deep would raise RecursionError, not ValueError, and loop.
        if json_depth_exceeds(text):
            raise UnreadableMessage(f"The message body is not a valid job message: the maximum configured depth of {MAX_JSON_DEPTH} "
                                    f"nested objects and arrays has been exceeded.")
        try:
            body = json.loads(text)
        except ValueError as error:
            raise UnreadableMessage(f"The message body is not valid JSON: {error}") from error
        if not isinstance(body, dict):
            raise UnreadableMessage("The message body is not a JSON object.")
        if "v" not in body:
            raise UnreadableMessage('The message body has no version "v"; it was not written by AsyncAi.')
        if not isinstance(body["v"], int) or isinstance(body["v"], bool):  # 1.0 and true are not the integer 1
            raise UnreadableMessage('The message version "v" is not an integer.')
        if body["v"] != WIRE_VERSION:
            raise UnreadableMessage(f"The message uses AsyncAi wire format version {body['v']}; this worker reads version {WIRE_VERSION}.")
        if has_lone_surrogate(body):
            raise UnreadableMessage("The message body is not a valid job message: it holds invalid UTF-16 text (a lone surrogate).")
        return body

    # ---- finishing (docs/wire-format.md#finishing-a-job) ---------------------------------------------------------

    def complete(self, message, job, claim_check, attempt, started, status, error, outputs=()):
        completion = {"jobId": job["jobId"], **owner_of(job), "jobType": job["jobType"], "status": status, "outputs": list(outputs)}
        if error is not None:
            completion["error"] = error
        finished = now_utc()
        queued = parse_rfc3339(job["createdAt"], "createdAt")
        completion["timings"] = {"queuedAt": rfc3339(queued), "startedAt": rfc3339(started), "finishedAt": rfc3339(finished),
                                 "queueTimeMs": milliseconds(queued, started), "runTimeMs": milliseconds(started, finished)}
        completion.update({"attempts": attempt, "workerId": self.config.worker_id, "metadata": job.get("metadata") or {}})
        self.finish(message, job, claim_check, completion, write_record=True)

    def finish(self, message, job, claim_check, completion, write_record):
        """Record, report, delete: each only after the one before succeeded, so a crash is repaired by redelivery."""
        if write_record:
            completion = self.write_completion(job, completion)
        # The folder is the job's own (checked above), so its owner is the message's, also for an older record.
        completion = {"jobId": completion["jobId"], **owner_of(job), **{k: v for k, v in completion.items() if k not in ("jobId", "owner")}}
        event = self.event(job, completion["status"], attempt=completion.get("attempts"), completion=completion,
                           message=(completion.get("error") or {}).get("message"),
                           timestamp=completion.get("timings", {}).get("finishedAt"))
        self.send_event(f"{event_scope(job)}{job['jobId']}:completion", event)
        self.sqs.delete_message(QueueUrl=self.config.request_queue_url, ReceiptHandle=message["ReceiptHandle"])
        if claim_check is not None:
            location = claim_check["claimCheckLocation"]
            self.s3.delete_object(Bucket=location["bucket"], Key=location["key"])
        log.info("job %s %s", job["jobId"], completion["status"])

    def write_completion(self, job: dict, completion: dict) -> dict:
        record = {"v": WIRE_VERSION, **completion}
        prefix = job["outputPrefix"]
        try:
            self.s3.put_object(Bucket=prefix["bucket"], Key=prefix["key"] + "_completion.json",
                               Body=json.dumps(record).encode("utf-8"), ContentType="application/json",
                               Metadata={"asyncai-conditional": "if-none-match"})
            return completion
        except ClientError as error:
            if error.response["Error"]["Code"] not in ("PreconditionFailed", "ConditionalRequestConflict", "412", "409"):
                raise
            # Another copy of the job completed first: report its completion, not ours.
            return self.read_completion(job) or completion

    def read_completion(self, job: dict) -> dict | None:
        prefix = job["outputPrefix"]
        try:
            body = self.s3.get_object(Bucket=prefix["bucket"], Key=prefix["key"] + "_completion.json")["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                return None
            raise
        record = json.loads(body)
        if record.get("v") != WIRE_VERSION:
            raise UnreadableMessage(f"The completion record of job {job['jobId']} has version {record.get('v')}.")
        record.pop("v")
        return record

    def cancel_requested(self, job: dict) -> bool:
        prefix = job["outputPrefix"]
        try:
            self.s3.head_object(Bucket=prefix["bucket"], Key=prefix["key"] + "_cancel")
            return True
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "404", "NotFound"):
                return False
            raise

    # ---- events --------------------------------------------------------------------------------------------------

    def event(self, job: dict, event_type: str, timestamp: str | None = None, **fields) -> dict:
        event = {"jobId": job["jobId"], **owner_of(job), "type": event_type, "timestamp": timestamp or rfc3339(now_utc()), "jobType": job["jobType"]}
        event.update({k: v for k, v in fields.items() if v is not None})
        event["workerId"] = self.config.worker_id
        event["isTerminal"] = event_type in ("Succeeded", "Failed", "Cancelled", "Expired")
        return event

    def send_event(self, event_id: str, event: dict, best_effort: bool = False) -> None:
        if self.config.response_queue_url is None:
            return
        body = json.dumps({"v": WIRE_VERSION, "eventId": event_id, "event": event})
        attributes = {ATTR_VERSION: str(WIRE_VERSION), ATTR_KIND: "event", ATTR_JOB_ID: event["jobId"], ATTR_JOB_TYPE: event["jobType"]}
        try:
            self.sqs.send_message(QueueUrl=self.config.response_queue_url, MessageBody=body,
                                  MessageAttributes=string_attributes(attributes))
        except ClientError:
            if not best_effort:  # the terminal event must arrive: the message stays and is tried again
                raise
            log.exception("could not send %s", event_id)

    # ---- visibility, cancellation, dead letters --------------------------------------------------------------

    def _heartbeat(self, message, job, deadline, received, stop: threading.Event, reason: dict) -> None:
        """Extends the message every third of the visibility timeout; notices cancel markers and the deadline."""
        interval = max(1.0, self.config.visibility_timeout / 3)
        while not stop.wait(interval):
            try:
                if deadline is not None and now_utc() >= deadline:
                    reason["why"] = "deadline"
                    stop.set()
                    return
                if self.cancel_requested(job):
                    reason["why"] = "cancel"
                    stop.set()
                    return
                self.sqs.change_message_visibility(QueueUrl=self.config.request_queue_url,
                                                   ReceiptHandle=message["ReceiptHandle"],
                                                   VisibilityTimeout=min(self.config.visibility_timeout, self._visibility_left(received)))
            except ClientError:
                log.exception("heartbeat of job %s failed; trying again", job["jobId"])

    def _visibility_left(self, received: float) -> int:
        return max(0, int(MAX_VISIBILITY_SECONDS - (time.monotonic() - received)) - 1)

    def _set_aside_after_crash(self, message: dict, received: float, crash: Exception) -> None:
        """SqsJobDelivery.SetAsideAfterCrashAsync: a message that crashed processing on max_attempts receives is
        dead-lettered with the crash as its reason, so that no message loops through the worker for ever."""
        receives = int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
        if receives >= self.config.max_attempts:
            try:
                self.dead_letter(message, f"Processing crashed on {receives} receives: {type(crash).__name__}: {crash}", received)
            except Exception:  # noqa: BLE001 - the message comes back and is set aside on a later receive
                log.exception("could not set message %s aside", message.get("MessageId"))

    def dead_letter(self, message: dict, reason: str, received: float) -> None:
        reason = sanitize_reason(reason)
        log.error("message %s is unreadable: %s", message.get("MessageId"), reason)
        queue = self._find_dead_letter_queue()
        if queue is None:  # keep it out of the way for what is left of SQS's 12 hours; the redrive policy decides then
            self.sqs.change_message_visibility(QueueUrl=self.config.request_queue_url, ReceiptHandle=message["ReceiptHandle"],
                                               VisibilityTimeout=self._visibility_left(received))
            return
        attributes = {k: v for k, v in message.get("MessageAttributes", {}).items() if k != ATTR_DEAD_LETTER_REASON}
        attributes = dict(list(attributes.items())[:9])  # SQS allows 10 attributes; one is the reason
        attributes[ATTR_DEAD_LETTER_REASON] = {"DataType": "String", "StringValue": reason}
        for value in attributes.values():
            value.pop("StringListValues", None)
            value.pop("BinaryListValues", None)
        self.sqs.send_message(QueueUrl=queue, MessageBody=message.get("Body") or "(empty)", MessageAttributes=attributes)
        # Delete only once the copy is safe: a crash in between leaves a duplicate, never a loss.
        self.sqs.delete_message(QueueUrl=self.config.request_queue_url, ReceiptHandle=message["ReceiptHandle"])

    def _find_dead_letter_queue(self) -> str | None:
        if self._dead_letter_queue_url is None:
            attributes = self.sqs.get_queue_attributes(QueueUrl=self.config.request_queue_url,
                                                       AttributeNames=["RedrivePolicy"]).get("Attributes", {})
            if "RedrivePolicy" in attributes:
                arn = json.loads(attributes["RedrivePolicy"])["deadLetterTargetArn"]
                self._dead_letter_queue_url = self.sqs.get_queue_url(QueueName=arn.split(":")[-1])["QueueUrl"]
        return self._dead_letter_queue_url

    @staticmethod
    def _add_conditional_header(request, **_):
        if request.headers.get("x-amz-meta-asyncai-conditional") == "if-none-match":
            del request.headers["x-amz-meta-asyncai-conditional"]
            request.headers["If-None-Match"] = "*"
