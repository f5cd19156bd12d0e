import math

from flask import Flask, abort, request

app = Flask(__name__)
BALANCE = 100.0


@app.route("/withdraw", methods=["POST"])
def withdraw():
    # ruleid: nan-injection
    amount = float(request.form["amount"])
    if amount > BALANCE:
        abort(400)
    return str(BALANCE - amount)


@app.route("/rate/<value>")
def rate(value):
    # ruleid: nan-injection
    r = float(value)
    return {"rate": r}


@app.route("/count")
def count():
    # ok: nan-injection
    n = float(int(request.args.get("n", "0")))
    return {"n": n}


@app.route("/price")
def price():
    raw = request.args.get("p", "0")
    # fix: nan-injection
    p = int(raw)
    if not math.isfinite(p):
        abort(400)
    return {"p": p}


def django_score(request):
    # ruleid: nan-injection
    score = float(request.GET["score"])
    return score


def constant():
    # ok: nan-injection
    return float("1.5")
