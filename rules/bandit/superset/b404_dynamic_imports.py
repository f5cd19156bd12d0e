import importlib

# ruleid: dynamic-import-audit -- Bandit B404
runner = __import__("subprocess")
# ruleid: dynamic-import-audit -- Bandit B403
codec = importlib.import_module("pickle")
# ruleid: dynamic-import-audit -- Bandit B406
saxlib = importlib.__import__("xml.sax")
