"""Publishes one job that any AsyncAi worker (.NET or Python) runs, then waits for its completion event.

    python3 producer.py JOB_TYPE [--input NAME=FILE ...] [--parameters JSON] [--wait SECONDS]

Configured from ASYNCAI_* environment variables like the worker (ASYNCAI_BUCKET is required). Prints the
completion event's body (one JSON line) to stdout, or exits 2 when none came in time. Written from
docs/wire-format.md ("Publishing a job from another language").
"""

import argparse
import json
import os
import sys
import time
import uuid
from datetime import datetime, timezone

import boto3
from botocore.config import Config

from sqs_json_protocol import use_sqs_json_protocol

use_sqs_json_protocol()


def publish(sqs, s3, queue_url, bucket, job_type, inputs, parameters, root="jobs/", owner=None, metadata=None):
    job_id = uuid.uuid4().hex  # any 1-64 of [A-Za-z0-9_-]; AsyncAi itself uses UUID v7 so that ids sort by time
    prefix = f"{root}{owner + '/' if owner else ''}{job_id}/"
    references = {}
    for name, content in inputs.items():
        key = f"{prefix}inputs/{name}"
        s3.put_object(Bucket=bucket, Key=key, Body=content)
        references[name] = {"bucket": bucket, "key": key}
    message = {
        "v": 1,
        "jobId": job_id,
        "jobType": job_type,
        "createdAt": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
        "inputs": references,
        "parameters": parameters,
        "outputPrefix": {"bucket": bucket, "key": prefix},
        "metadata": metadata or {},
    }
    if owner:
        message["owner"] = owner
    attributes = {"asyncai-v": "1", "asyncai-kind": "job", "asyncai-job-id": job_id, "asyncai-job-type": job_type}
    sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(message),
                     MessageAttributes={k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()})
    return job_id


def wait_for_completion(sqs, response_queue_url, job_id, timeout):
    """Reads the response queue until the job's terminal event; other jobs' events are left for their readers."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        response = sqs.receive_message(QueueUrl=response_queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                       MessageAttributeNames=["All"])
        for message in response.get("Messages", []):
            body = json.loads(message["Body"])
            event = body.get("event", {})
            if body.get("v") == 1 and event.get("jobId") == job_id:
                sqs.delete_message(QueueUrl=response_queue_url, ReceiptHandle=message["ReceiptHandle"])
                if event.get("type") in ("Succeeded", "Failed", "Cancelled", "Expired"):
                    return message["Body"]
            else:
                # Not ours: make it visible again at once for the backend that owns it.
                sqs.change_message_visibility(QueueUrl=response_queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("job_type")
    parser.add_argument("--input", action="append", default=[], help="NAME=FILE")
    parser.add_argument("--parameters", default="{}")
    parser.add_argument("--wait", type=float, default=60)
    args = parser.parse_args()
    env = os.environ
    endpoint = env.get("ASYNCAI_ENDPOINT_URL") or None
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name=env.get("AWS_REGION", "us-east-1"))
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name=env.get("AWS_REGION", "us-east-1"),
                      config=Config(s3={"addressing_style": "path"}))
    inputs = {}
    for item in args.input:
        name, path = item.split("=", 1)
        with open(path, "rb") as file:
            inputs[name] = file.read()
    job_id = publish(sqs, s3, env["ASYNCAI_REQUEST_QUEUE_URL"], env["ASYNCAI_BUCKET"], args.job_type, inputs, json.loads(args.parameters))
    print(f"published {job_id}", file=sys.stderr, flush=True)
    if not env.get("ASYNCAI_RESPONSE_QUEUE_URL"):
        return 0
    body = wait_for_completion(sqs, env["ASYNCAI_RESPONSE_QUEUE_URL"], job_id, args.wait)
    if body is None:
        print(f"no completion of {job_id} within {args.wait} s", file=sys.stderr)
        return 2
    print(body, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
