"""Makes an older botocore speak the SQS JSON protocol.

botocore before 1.31.64 (Debian 12 ships 1.29) talks to SQS with the XML "query" protocol. SQS accepts both, but
newer SQS endpoints and emulators (fauxqs, used by this repository's tests) speak JSON only. This module writes
the installed SQS model, rewritten to the JSON protocol, into a private data folder and points AWS_DATA_PATH at it,
which botocore reads before its own models. With a botocore that already speaks JSON it does nothing.
Call use_sqs_json_protocol() before creating any boto3 session or client.
"""

import json
import os
import tempfile

import botocore.loaders


def _strip(shape: dict) -> None:
    for key in ("locationName", "flattened", "xmlNamespace"):
        shape.pop(key, None)
    for member in shape.get("members", {}).values():
        for key in ("locationName", "flattened"):
            member.pop(key, None)
    for part in ("member", "key", "value"):
        if part in shape:
            for key in ("locationName", "flattened"):
                shape[part].pop(key, None)


def use_sqs_json_protocol() -> None:
    loader = botocore.loaders.Loader()
    version = loader.determine_latest_version("sqs", "service-2")
    model = loader.load_service_model("sqs", "service-2", version)
    if model["metadata"].get("protocol") == "json":
        return
    model["metadata"].update({"protocol": "json", "jsonVersion": "1.0", "targetPrefix": "AmazonSQS"})
    model["metadata"].pop("xmlNamespace", None)
    model["metadata"].pop("protocols", None)
    for operation in model["operations"].values():
        operation.get("output", {}).pop("resultWrapper", None)
    for shape in model["shapes"].values():
        _strip(shape)
    root = os.path.join(tempfile.gettempdir(), f"asyncai-botocore-data-{os.getuid()}")
    folder = os.path.join(root, "sqs", version)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "service-2.json")
    temporary = f"{path}.{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump(model, file)
    os.replace(temporary, path)  # atomic: concurrent workers never read half a file
    existing = os.environ.get("AWS_DATA_PATH")
    if existing is None or root not in existing.split(os.pathsep):
        os.environ["AWS_DATA_PATH"] = root if not existing else root + os.pathsep + existing
