import asyncio
import os

from flask import Flask
from werkzeug.serving import run_simple

app = Flask(__name__)
server = Flask("other")


def main():
    # ruleid: flask-debug-true
    app.run(host="0.0.0.0", debug=True)
    # ruleid: flask-debug-true
    app.run(debug=True)
    # ruleid: flask-debug-true
    server.run(
        "127.0.0.1",
        debug=True,
    )
    # ruleid: flask-debug-true
    run_simple("0.0.0.0", 5000, app, use_debugger=True)
    # ok: flask-debug-true
    app.run(debug=False)
    # ok: flask-debug-true
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    # ok: flask-debug-true
    asyncio.run(main(), debug=True)
    # ok: flask-debug-true
    app.run(debug=True)  # nosec B201
    # ok: flask-debug-true
    app.run(debug=True)  # noqa: S201


def _advised_fix_flask_debug_true(app):
    import os

    # fix: flask-debug-true
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
