"""The rules by which a worker trusts a request message, the same as the .NET worker's (docs/security.md).

A message can come from anyone who may send to the request queue, and a backend may forward a location a user
chose, so nothing a message names is believed: where a job may write and read follows from its id and owner alone.
Each function mirrors one .NET type, named beside it, and gives the same reasons, so a forged message ends alike on
either worker (tests/AsyncAi.Interop.Tests run one list of forged messages against both).
"""

from __future__ import annotations

import re

# JobId / StorageNames.IsSafeSegment: ASCII letters, digits, '-' and '_'. fullmatch, because '$' would also accept a
# trailing newline, and a job id or owner with one would not be the folder name it claims to be.
_SEGMENT = re.compile(r"[A-Za-z0-9_-]+", re.ASCII)
MAX_JOB_ID_LENGTH = 64
MAX_SEGMENT_LENGTH = 128
OWNER_FOLDER_PREFIX = "owner="
REQUEST_OBJECT = "_request.json"

# JobWireFormat: System.Text.Json reads at most 64 nested objects and arrays; deeper is a bad message, not a crash.
MAX_JSON_DEPTH = 64

# Claim checks (IncomingJobReader, S3JobFolders.LoadRequestAsync): read up to the declared size plus some slack.
CLAIM_CHECK_SLACK_BYTES = 4096
MAX_CLAIM_CHECK_BYTES = 64 * 1024 * 1024

# DeadLetterReason: at most 1,024 UTF-16 code units, only characters SQS accepts in an attribute value.
MAX_REASON_LENGTH = 1024
REPLACEMENT_CHARACTER = "\ufffd"


def is_valid_job_id(value) -> bool:
    """JobId.TryParse: 1-64 ASCII letters, digits, '-' or '_'."""
    return isinstance(value, str) and 0 < len(value) <= MAX_JOB_ID_LENGTH and _SEGMENT.fullmatch(value) is not None


def is_safe_segment(value) -> bool:
    """StorageNames.IsSafeSegment (owners): 1-128 ASCII letters, digits, '-' or '_'."""
    return isinstance(value, str) and 0 < len(value) <= MAX_SEGMENT_LENGTH and _SEGMENT.fullmatch(value) is not None


def owner_prefix(root: str, owner: str) -> str:
    """JobStorageLayout.OwnerPrefix: the folder of all jobs of one owner."""
    if not is_safe_segment(owner):
        raise ValueError(f"The owner '{owner}' may hold only letters, digits, '-' and '_' (at most {MAX_SEGMENT_LENGTH}).")
    return f"{root}{OWNER_FOLDER_PREFIX}{owner}/"


def job_prefix(root: str, job_id: str, owner: str | None) -> str:
    """JobStorageLayout.JobPrefix: {root}{jobId}/, or {root}owner={owner}/{jobId}/ for an owner's job."""
    return f"{root}{job_id}/" if owner is None else f"{owner_prefix(root, owner)}{job_id}/"


def s3_uri(bucket: str, key: str) -> str:
    return f"s3://{bucket}/{key}"


def parse_allowed_prefixes(text: str | None) -> list[tuple[str, str]]:
    """AllowedPrefixes.Parse: comma-separated s3://bucket/prefix URIs; anything else stops the worker at start."""
    prefixes = []
    for value in (text or "").split(","):
        value = value.strip()
        if not value:
            continue
        rest = value[len("s3://"):] if value.startswith("s3://") else ""
        slash = rest.find("/")
        if slash <= 0 or slash == len(rest) - 1:
            raise ValueError(f"ASYNCAI_ALLOWED_INPUT_PREFIXES holds '{value}', which is not an s3://bucket/prefix URI.")
        prefixes.append((rest[:slash], rest[slash + 1:]))
    return prefixes


class JobLocationRules:
    """JobLocationRules: where a job may write and read, judged from its id and owner, never from its message."""

    def __init__(self, bucket: str, root_prefix: str, allowed_input_prefixes: list[tuple[str, str]]):
        self.bucket = bucket
        self.root_prefix = root_prefix
        self.allowed_input_prefixes = allowed_input_prefixes

    def check_output_prefix(self, job_id: str, owner: str | None, bucket: str, key: str) -> str | None:
        """Why the job may not write where its message says, or None when it may."""
        if job_id.startswith("_"):
            return f"Job {job_id} has an id that begins with '_', which names the SDK's own folders (_status/, _idempotency/)."
        try:
            expected = job_prefix(self.root_prefix, job_id, owner)
        except ValueError as error:
            return f"Job {job_id} has an owner that cannot name a folder: {error}"
        if bucket == self.bucket and key == expected:
            return None
        return f"Job {job_id} names the output prefix {s3_uri(bucket, key)}, but its folder is {s3_uri(self.bucket, expected)}."

    def check_input(self, name: str, bucket: str, key: str, owner: str | None) -> str | None:
        """Why an input may not be read, or None: under the root, in the owner's folder, or allow-listed."""
        location = s3_uri(bucket, key)
        if not key or ".." in key or key.startswith("/"):
            return f"The input '{name}' names the key '{key}', which is not a plain object key."
        for allowed_bucket, allowed_key in self.allowed_input_prefixes:
            if bucket == allowed_bucket and key.startswith(allowed_key):
                return None
        if bucket != self.bucket or not key.startswith(self.root_prefix):
            return f"The input '{name}' at {location} lies outside {s3_uri(self.bucket, self.root_prefix)}, where jobs read from."
        if owner is None:
            if key.startswith(self.root_prefix + OWNER_FOLDER_PREFIX):
                return f"The input '{name}' at {location} lies in an owner's folder, and the job has no owner."
            return None
        if key.startswith(owner_prefix(self.root_prefix, owner)):
            return None
        return f"The input '{name}' at {location} lies outside the folder of the job's owner '{owner}'."

    def check(self, job: dict) -> str | None:
        """Why the job's message may not be run, or None: its output prefix, then every input."""
        prefix = job["outputPrefix"]
        refusal = self.check_output_prefix(job["jobId"], job.get("owner"), prefix["bucket"], prefix["key"])
        if refusal is not None:
            return refusal
        for name, location in (job.get("inputs") or {}).items():
            refusal = self.check_input(name, location["bucket"], location["key"], job.get("owner"))
            if refusal is not None:
                return refusal
        return None


def is_request_object_of(key: str, job_id: str) -> bool:
    """IncomingJobReader.IsRequestObjectOf: the key ends in {jobId}/_request.json, the job id a whole segment."""
    suffix = f"{job_id}/{REQUEST_OBJECT}"
    return key.endswith(suffix) and (len(key) == len(suffix) or key[len(key) - len(suffix) - 1] == "/")


def json_depth_exceeds(text: str, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests more than max_depth objects and arrays, counted without parsing (no recursion)."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif char in "]}":
            depth -= 1
    return False


def has_lone_surrogate(value) -> bool:
    """Whether a parsed JSON value holds a string with a lone surrogate (an escape such as \\ud800), which .NET refuses."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if any(0xD800 <= ord(c) <= 0xDFFF for c in item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _is_allowed(code_point: int) -> bool:
    """DeadLetterReason.IsAllowed: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF."""
    return (code_point in (0x9, 0xA, 0xD) or 0x20 <= code_point <= 0xD7FF or 0xE000 <= code_point <= 0xFFFD
            or 0x10000 <= code_point <= 0x10FFFF)


def sanitize_reason(reason: str | None) -> str:
    """DeadLetterReason.Sanitize: a reason echoes untrusted text, and one SQS refuses would make the move fail and loop."""
    if not reason:
        return "(no reason given)"
    kept, length = [], 0
    for char in reason:
        units = 2 if ord(char) > 0xFFFF else 1  # .NET counts UTF-16 code units
        if length + units > MAX_REASON_LENGTH:
            break
        kept.append(char if _is_allowed(ord(char)) else REPLACEMENT_CHARACTER)
        length += units
    return "".join(kept)
