def calculate(expression, fields):
    # ruleid: exec-eval-used -- Bandit B307
    total = eval("2 * 21")
    # ruleid: exec-eval-used -- Bandit B307
    value = eval(expression)
    # ruleid: exec-eval-used -- Bandit B307
    picked = eval("record['%s']" % fields[0])
    return total, value, picked
