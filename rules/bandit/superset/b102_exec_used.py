import builtins

SETUP = "import math"


def run_snippet(snippet):
    # ruleid: exec-eval-used -- Bandit B102
    exec(SETUP)
    # ruleid: exec-eval-used -- Bandit B102
    exec("x = 40 + 2")
    # ruleid: exec-eval-used -- Bandit B102
    exec(snippet, {"__builtins__": {}})
    builtins.exec(compile(snippet, "<cell>", "exec"))
