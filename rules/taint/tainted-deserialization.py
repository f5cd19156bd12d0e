import base64
import marshal
import os
import pickle
import pickle as pk
import sys
from pickle import loads as unpickle

import yaml
from fastapi import FastAPI
from flask import Flask, request

app = Flask(__name__)
api = FastAPI()


@app.route("/restore", methods=["POST"])
def restore():
    blob = request.data
    # ruleid: tainted-deserialization
    state = pickle.loads(blob)
    # ruleid: tainted-deserialization
    other = pk.loads(base64.b64decode(request.form["state"]))
    # ruleid: tainted-deserialization
    third = unpickle(
        request.cookies["session"].encode(),
    )
    # ok: tainted-deserialization
    fixed = pickle.loads(b"\x80\x04K\x01.")
    return str((state, other, third, fixed))


@app.route("/upload", methods=["POST"])
def upload():
    upload = request.files["model"]
    # ruleid: tainted-deserialization
    model = pickle.load(upload)
    # ruleid: tainted-deserialization
    code = marshal.loads(upload.read())
    return str((model, code))


@app.route("/config", methods=["POST"])
def config():
    text = request.get_data(as_text=True)
    # ruleid: tainted-deserialization
    unsafe = yaml.load(text, Loader=yaml.Loader)
    # ruleid: tainted-deserialization
    also_unsafe = yaml.unsafe_load(text)
    # ok: tainted-deserialization
    safe = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: tainted-deserialization
    safe_too = yaml.safe_load(text)
    # ok: tainted-deserialization
    positional = yaml.load(text, yaml.CSafeLoader)
    return str((unsafe, also_unsafe, safe, safe_too, positional))


@app.route("/nosec", methods=["POST"])
def trusted_internal():
    # ok: tainted-deserialization
    return pickle.loads(request.data)  # nosec


def django_view(request):
    payload = request.body
    # ruleid: tainted-deserialization
    return pickle.loads(payload)


@api.post("/jobs")
def submit(job: str):
    raw = bytes.fromhex(job)
    # ruleid: tainted-deserialization
    return pickle.loads(raw)


def cli():
    # ruleid: tainted-deserialization
    data = pickle.loads(sys.stdin.buffer.read())
    with open(os.environ["STATE_FILE"], "rb") as f:
        # ruleid: tainted-deserialization
        cached = pickle.load(f)
    return data, cached


def reassigned():
    blob = request.data
    blob = pickle.dumps({"ok": True})
    # ok: tainted-deserialization
    return pickle.loads(blob)


def load_blob(b):
    # todoruleid: tainted-deserialization
    return pickle.loads(b)


def passes_it_on():
    return load_blob(request.data)


def _advised_fix_tainted_deserialization():
    import json

    from flask import request as incoming

    # fix: tainted-deserialization
    return json.loads(incoming.get_data())
