import importlib
import os
import subprocess


def run(cmd):
    # ruleid: process-function-by-name
    getattr(os, "system")(cmd)


def hidden(cmd):
    # ruleid: process-function-by-name
    return __import__("os").popen(cmd).read()


def via_importlib(args):
    # ruleid: process-function-by-name
    return importlib.import_module("subprocess").check_output(args)


def ok_cases():
    # ok: process-function-by-name
    uid = getattr(os, "getuid", lambda: 0)()
    # ok: process-function-by-name
    json = importlib.import_module("json").dumps({"uid": uid})
    return json


def _advised_fix_process_function_by_name(path):
    # fix: process-function-by-name
    subprocess.run(["tar", "-xf", path], check=True)
