import ast
import builtins
import os
import sys

from fastapi import APIRouter
from flask import Flask, abort, request

app = Flask(__name__)
router = APIRouter()
OPERATIONS = {"add": "a + b", "sub": "a - b"}
ALLOWED = {"1 + 1", "2 * 3"}


@app.route("/calc")
def calc():
    expr = request.args["expr"]
    # ruleid: tainted-code-eval
    result = eval(expr)
    # ruleid: tainted-code-eval
    exec("value = " + expr)
    # ruleid: tainted-code-eval
    builtins.eval(
        "({})".format(expr),
    )
    # ok: tainted-code-eval
    literal = ast.literal_eval(expr)
    # ok: tainted-code-eval
    number = eval(str(float(expr)))
    # ok: tainted-code-eval
    fixed = eval("1 + 1")
    return str((result, literal, number, fixed))


@app.route("/op")
def op():
    name = request.args.get("op", "add")
    if name not in OPERATIONS:
        abort(400)
    # ok: tainted-code-eval
    return str(eval(name, {"a": 1, "b": 2}))


@app.route("/op2")
def op2():
    formula = request.args.get("f", "")
    if formula == "1 + 1":
        # ok: tainted-code-eval
        return str(eval(formula))
    if formula in ALLOWED:
        # ok: tainted-code-eval
        return str(eval(formula))
    # ok: tainted-code-eval
    return str(eval(formula))  # hunkwise: ignore[tainted-code-eval]


def django_view(request):
    script = request.POST.get("script")
    namespace = {}
    # ruleid: tainted-code-eval
    exec(script, namespace)
    return namespace


@router.get("/filter")
def filter_items(condition: str):
    # ruleid: tainted-code-eval
    return [item for item in range(10) if eval(condition, {"item": item})]


def repl():
    line = input(">>> ")
    # ruleid: tainted-code-eval
    print(eval(line))
    # ruleid: tainted-code-eval
    exec(sys.argv[1])
    # ruleid: tainted-code-eval
    eval(os.environ.get("STARTUP", "None"))
    line = "None"
    # ok: tainted-code-eval
    eval(line)


def evaluate(text):
    # todoruleid: tainted-code-eval
    return eval(text)


def view_calls_helper():
    return evaluate(request.args["q"])


def _advised_fix_tainted_code_eval():
    import ast

    from flask import request as incoming

    # fix: tainted-code-eval
    return ast.literal_eval(incoming.args["value"])
