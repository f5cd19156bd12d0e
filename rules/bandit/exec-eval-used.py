import builtins
from builtins import eval as evaluate

TEMPLATE = "x = 1"


def handler(request, expr, fields):
    # ruleid: exec-eval-used
    eval(request.args["expr"])
    # ruleid: exec-eval-used
    exec(f"result = {expr}")
    # ruleid: exec-eval-used
    builtins.eval("1 + " + expr)
    # ruleid: exec-eval-used
    evaluate(
        expr,
        {"__builtins__": {}},
    )
    # ruleid: exec-eval-used
    exec(compile(expr, "<string>", "exec"))
    # ruleid: exec-eval-used -- low hygiene: constant code
    eval("1 + 2")
    # ruleid: exec-eval-used -- low hygiene: constant code
    exec(TEMPLATE)
    # ruleid: exec-eval-used -- low hygiene: constant code
    exec("import sys; sys.exit(0)")
    # ok: exec-eval-used
    eval(expr)  # nosec B307
    # ok: exec-eval-used
    exec(expr)  # noqa: S102
    # ok: exec-eval-used
    model.eval()
    # ok: exec-eval-used
    self.exec(expr)


def _advised_fix_exec_eval_used(text):
    import ast

    # fix: exec-eval-used
    return ast.literal_eval(text)
