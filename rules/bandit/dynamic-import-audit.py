import builtins
import importlib

PLUGIN = "json"


def load_tools(name):
    # ruleid: dynamic-import-audit
    runner = __import__("subprocess")
    # ruleid: dynamic-import-audit
    codec = importlib.import_module("pickle")
    # ruleid: dynamic-import-audit
    tree = importlib.import_module(
        "xml.etree.ElementTree",
    )
    # ruleid: dynamic-import-audit
    store = builtins.__import__("shelve")
    # ok: dynamic-import-audit
    plugin = importlib.import_module(PLUGIN)
    # ok: dynamic-import-audit
    chosen = importlib.import_module(name)
    # ok: dynamic-import-audit
    picklers = importlib.import_module("picklers")
    # ok: dynamic-import-audit
    quiet = __import__("subprocess")  # nosec B404
    return runner, codec, tree, store, plugin, chosen, picklers, quiet


def _advised_fix_dynamic_import_audit():
    # fix: dynamic-import-audit
    import json

    return json
